/**
 * Attachment kinds and size limits: what a project's settings hold. Kept apart from the MIME
 * tables in attachments.ts so code that only validates settings (the widget's loader reads the
 * project config) does not carry the file-type tables.
 */
import * as v from 'valibot';

export const ATTACHMENT_KINDS = ['image', 'video', 'audio', 'document'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** One definition of a megabyte for limits and messages. */
export const MB = 1024 * 1024;
export const MAX_ATTACHMENT_LIMIT = 1024 * MB;

export const DEFAULT_ATTACHMENT_LIMITS: Readonly<Record<AttachmentKind, number>> = Object.freeze({
  image: 5 * MB,
  video: 16 * MB,
  audio: 16 * MB,
  document: 100 * MB,
});

const LimitSchema = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_ATTACHMENT_LIMIT));

/** Bytes per kind. */
export const AttachmentLimitsSchema = v.object({ image: LimitSchema, video: LimitSchema, audio: LimitSchema, document: LimitSchema });
export type AttachmentLimits = v.InferOutput<typeof AttachmentLimitsSchema>;

export const AttachmentSettingsSchema = v.object({ enabled: v.boolean(), limits: AttachmentLimitsSchema });
export type AttachmentSettings = v.InferOutput<typeof AttachmentSettingsSchema>;
