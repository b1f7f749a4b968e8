import type { Readable } from 'node:stream';
import type { AttachmentKind, ChannelTestResponse, ChannelsResponse, ExternalChannel, TelegramSettings, WhatsAppSettings } from '@parley/protocol';

/**
 * One shape for every messenger (Telegram and WhatsApp today; Viber, VK and Messenger follow it):
 * the adapter turns platform updates into `Inbound` items and sends `Outbound` items back. The
 * rest (contacts, verification, dialogs, the durable outbox) is shared code in this folder.
 */

/** A file the platform holds for us; fetched only when the message is stored. */
export interface InboundFile {
  name: string;
  /** What the platform says (or null): the real type is sniffed from the bytes on upload. */
  mime: string | null;
  size: number | null;
  download(): Promise<{ body: Readable; size: number | null; mime: string | null }>;
}

export interface Inbound {
  /** The platform's update id (Telegram update_id, WhatsApp message id): a second delivery is dropped. */
  updateId: string;
  chatId: string;
  /** Idempotency key of the message it carries (the platform's message id). */
  clientId: string;
  /** Display name the platform gives (first and last name, profile name). */
  name: string | null;
  text: string;
  files: InboundFile[];
  /** A file of a type the platform sent that Parley does not take (sticker, location...). */
  unsupported?: boolean;
  /** Telegram `/start <payload>` (the payload, or '' for a bare /start). */
  start?: string;
  /** A shared contact card of the sender themselves (Telegram's request_contact button). */
  contact?: { phone: string };
  /** The client pressed "refuse" on the phone question. */
  refused?: boolean;
  /** An edit of a message the client sent before (Telegram edited_message). */
  editOf?: string;
}

export interface OutboundFile {
  path: string;
  name: string;
  mime: string;
  kind: AttachmentKind;
  size: number;
}

/** What the client gets: an operator message, or a system text (with the phone keyboard, maybe). */
export interface Outbound {
  text: string;
  files: OutboundFile[];
  system?: boolean;
  keyboard?: 'phone' | 'remove';
  locale: 'ru' | 'en' | 'fr';
}

/** A platform message id and what it holds (edits go to the text or the caption). */
export interface RemoteRef {
  id: string;
  part: 'text' | 'caption' | 'file';
}

/** A platform answer: retry (down, 429, 5xx, network) or give up (the platform refused it for good). */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly retryAfterMs?: number,
    /** Refused for now, not for good: WhatsApp's 24-hour window is closed (held until the client writes). */
    readonly hold?: boolean,
  ) {
    super(message);
  }
}

export interface ChannelAdapter {
  readonly kind: ExternalChannel;
  send(chatId: string, out: Outbound): Promise<RemoteRef[]>;
  /** Replaces the text of a message sent before (what cannot be edited is translated by the adapter). */
  edit(chatId: string, refs: RemoteRef[], out: Outbound): Promise<RemoteRef[] | void>;
  delete(chatId: string, refs: RemoteRef[], out: Outbound): Promise<void>;
  /** "Test connection": one harmless call with the stored settings. */
  test(): Promise<ChannelTestResponse>;
  stop?(): void;
}

/** What the rest of the server uses of the channels' run time (ctx.channels); see runtime.ts. */
export interface ChannelHub {
  start(): Promise<void>;
  stop(): Promise<void>;
  settings(projectId: string, base: string): Promise<ChannelsResponse>;
  save(projectId: string, kind: ExternalChannel, settings: TelegramSettings | WhatsAppSettings | null, base: string): Promise<ChannelsResponse>;
  test(projectId: string, kind: ExternalChannel): Promise<ChannelTestResponse>;
  /** The webhook secret of an enabled bot, else null. */
  telegramSecret(projectId: string): string | null;
  whatsappSettings(projectId: string): WhatsAppSettings | null;
  telegramUpdate(projectId: string, update: unknown): Promise<void>;
  whatsappNotification(projectId: string, body: unknown): Promise<void>;
}
