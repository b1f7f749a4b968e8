import * as v from 'valibot';
import {
  AppearanceSchema,
  DeviceFilterSchema,
  MultiwidgetSettingsSchema,
  OfflineFormSettingsSchema,
  PageFilterSchema,
  ScheduleSchema,
  TextsSettingsSchema,
  WidgetRoutes,
} from '@parley/protocol';

/**
 * The part of the project's public config (PublicConfigSchema) the multiwidget reads, validated
 * at the boundary with protocol's schemas for each part. Parts it does not read (attachments,
 * rating…) are neither validated nor kept, which keeps their schemas out of the launcher.
 */
export const MultiwidgetConfigSchema = v.object({
  texts: TextsSettingsSchema,
  schedule: ScheduleSchema,
  offlineForm: OfflineFormSettingsSchema,
  pageFilter: PageFilterSchema,
  devices: DeviceFilterSchema,
  appearance: AppearanceSchema,
  multiwidget: MultiwidgetSettingsSchema,
});
export type MultiwidgetConfig = v.InferOutput<typeof MultiwidgetConfigSchema>;

/** Ordinary HTTP caching applies (the server answers with an ETag): repeat views revalidate. */
export async function loadConfig(server: string, project: string, fetchImpl: typeof fetch = fetch): Promise<MultiwidgetConfig> {
  const res = await fetchImpl(new URL(WidgetRoutes.config(project), server).href, { credentials: 'omit' });
  if (!res.ok) throw new Error(`config: HTTP ${res.status}`);
  const parsed = v.safeParse(MultiwidgetConfigSchema, await res.json());
  if (!parsed.success) throw new Error(`config: ${parsed.issues[0]?.message ?? 'invalid'}`);
  return parsed.output;
}
