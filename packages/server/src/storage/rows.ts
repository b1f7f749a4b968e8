import type { Selectable } from 'kysely';
import type {
  DialogsTable,
  EventsTable,
  ProjectsTable,
  ProjectSecretsTable,
  FilesTable,
  LeadsTable,
  MessagesTable,
  NotesTable,
  OperatorsTable,
  TemplatesTable,
  VisitorsTable,
  DevicesTable,
  PageVisitsTable,
} from './schema';

export type ProjectRow = Selectable<ProjectsTable>;
export type SecretRow = Selectable<ProjectSecretsTable>;
export type DialogRow = Selectable<DialogsTable>;
export type EventRow = Selectable<EventsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type FileRow = Selectable<FilesTable>;
export type OperatorRow = Selectable<OperatorsTable>;
export type VisitorRow = Selectable<VisitorsTable>;
export type DeviceRow = Selectable<DevicesTable>;
export type PageVisitRow = Selectable<PageVisitsTable>;
export type NoteRow = Selectable<NotesTable>;
export type TemplateRow = Selectable<TemplatesTable>;
export type LeadRow = Selectable<LeadsTable>;

export function parseJsonObject(s: string | null | undefined): Record<string, unknown> {
  if (!s) return {};
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
