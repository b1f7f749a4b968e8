import type { IntegrationTables } from './integrations/schema';
import type { ClaimColumns, ClusterTables } from './cluster/schema';
import type { ColumnType } from 'kysely';
/** Row types of the database, as Kysely sees them. Timestamps are epoch ms; JSON columns are text. */

export interface ProjectsTable {
  id: string;
  name: string;
  settings: string;
  created_at: number;
  updated_at: number;
  /** The last request number given to a dialog of the project (migration 0014). */
  last_request_number: ColumnType<number, number | undefined, number>;
}

/** A person who signs in to the console: an account of the workspace (see memberships for projects). */
export interface OperatorsTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  status: string;
  avatar_file: string | null;
  /** 'owner' (made at setup; one), 'admin' (named by the owner: manages projects), or null. */
  workspace_role: string | null;
  created_at: number;
  deleted_at: number | null;
  /** JSON OperatorPrefs ('{}' when never set). */
  prefs: ColumnType<string, string | undefined, string>;
  /** When their last console closed (presence "away" vs "offline"). */
  last_seen_at: number | null;
}

/** Who works in which project, and as what ('owner' | 'admin' | 'operator'). */
export interface MembershipsTable {
  operator_id: string;
  project_id: string;
  role: string;
  created_at: number;
  /** Auto-assignment: at most this many open chats at once in this project (null: no limit). */
  max_chats: number | null;
  /** Auto-assignment round robin: when this operator last got a chat in this project. */
  last_assigned_at: number | null;
}

/** Identity secrets: the newest unrevoked one signs; an older one verifies until revoked or expired. */
export interface ProjectSecretsTable {
  id: string;
  project_id: string;
  secret: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

export interface PasswordResetsTable {
  token_hash: string;
  operator_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface OperatorSessionsTable {
  id_hash: string;
  operator_id: string;
  created_at: number;
  expires_at: number;
}

export interface VisitorsTable {
  id: string;
  project_id: string;
  kind: string;
  user_id: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  custom_params: string;
  ip: string | null;
  referrer: string | null;
  search: string;
  first_seen_at: number;
  last_seen_at: number;
  /** Operators' note about the visitor (never shown to the visitor). */
  note: string | null;
  blocked_at: number | null;
  /** JSON VisitorLocation from the local GeoIP database. */
  location: string | null;
  /** Anonymous: the visitor row this one continued as after its dialog closed (see visitor-messages). */
  successor_id: string | null;
  /** Set when the visitor's data was erased (the row stays as a tombstone for its dialogs). */
  erased_at: number | null;
  /** When the visitor ticked the pre-chat form's consent to the privacy policy. */
  consent_at: number | null;
}

export interface VisitorTokensTable {
  token_hash: string;
  visitor_id: string;
  device_id: string | null;
  created_at: number;
  last_used_at: number;
  revoked_at: number | null;
  /** Tokens issued for a JWT identity end at its exp; null: no end. */
  expires_at: number | null;
}

export interface DevicesTable {
  id: string;
  visitor_id: string;
  fingerprint: string;
  info: string;
  ip: string | null;
  first_seen_at: number;
  last_seen_at: number;
}

export interface PageVisitsTable {
  id: string;
  visitor_id: string;
  url: string;
  title: string | null;
  referrer: string | null;
  at: number;
}

export interface VisitorEventsTable {
  id: string;
  visitor_id: string;
  client_id: string;
  name: string;
  /** JSON object of string, number, boolean or null values. */
  props: string;
  at: number;
  created_at: number;
}

export interface DialogsTable {
  id: string;
  project_id: string;
  visitor_id: string;
  status: string;
  close_status: string | null;
  channel: string;
  assignee_id: string | null;
  last_seq: number;
  custom_params: string;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  last_activity_at: number;
  rating_score: number | null;
  rating_comment: string | null;
  rated_at: number | null;
  rating_client_id: string | null;
  unread: number;
  operator_read_seq: number;
  visitor_read_seq: number;
  last_message_text: string | null;
  last_message_author: string | null;
  last_message_at: number | null;
  last_message_has_attachments: number;
  group_id: string | null;
  /** The first operator reply (statistics; migration 0011). */
  first_reply_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** Set when the visitor was erased: the row is a tombstone without personal data. */
  erased_at: number | null;
  /** The request's number in its project (migration 0014; allocated by `dialogs.insert`). */
  number: ColumnType<number | null, number | null | undefined, number | null>;
  /** The operator's "waiting for the client" mark (cleared by the visitor's next message, a reopen, a close). */
  waiting_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** The subject the visitor gave when starting the request (migration 0021); null: its first message is the subject. */
  subject: ColumnType<string | null, string | null | undefined, string | null>;
  /**
   * When the visitor last continued this request from "My requests" (migration 0021): the visitor's
   * current request is the one continued or created last (`COALESCE(continued_at, created_at)`).
   */
  continued_at: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Each operator's read mark in a dialog. */
export interface DialogReadsTable {
  dialog_id: string;
  operator_id: string;
  read_seq: number;
}

export interface GroupsTable {
  id: string;
  project_id: string;
  name: string;
  created_at: number;
}

export interface OperatorGroupsTable {
  operator_id: string;
  group_id: string;
}

/** The project's managed tag list, with colours. */
export interface ProjectTagsTable {
  project_id: string;
  name: string;
  color: string;
  created_at: number;
}

export interface DialogTagsTable {
  dialog_id: string;
  tag: string;
  /** The dialog's project and start, set by a trigger on insert (statistics' top tags: 0017_stats_rollup). */
  project_id: ColumnType<string | null, never, never>;
  created_at: ColumnType<number | null, never, never>;
}

export interface EventsTable {
  dialog_id: string;
  seq: number;
  type: string;
  payload: string;
  message_id: string | null;
  created_at: number;
}

export interface MessagesTable {
  id: string;
  project_id: string;
  dialog_id: string;
  seq: number;
  client_id: string | null;
  author_kind: string;
  operator_id: string | null;
  visitor_id: string | null;
  device_id: string | null;
  text: string;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
  /** web, telegram or whatsapp: where a visitor message came from ('web' for operators and system). */
  channel: ColumnType<string, string | undefined, string>;
}

export interface FilesTable {
  id: string;
  project_id: string;
  uploader_kind: string;
  uploader_visitor_id: string | null;
  uploader_operator_id: string | null;
  dialog_id: string | null;
  message_id: string | null;
  name: string;
  mime: string;
  size: number;
  kind: string;
  width: number | null;
  height: number | null;
  created_at: number;
}

export interface NotesTable {
  id: string;
  dialog_id: string;
  operator_id: string;
  text: string;
  created_at: number;
}

export interface TemplatesTable {
  id: string;
  project_id: string;
  title: string;
  text: string;
  shortcut: string | null;
  search: string;
  created_at: number;
  updated_at: number;
}

export interface LeadsTable {
  id: string;
  project_id: string;
  kind: string;
  client_id: string;
  visitor_id: string | null;
  status: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  message: string | null;
  preferred_time: string | null;
  page: string | null;
  device: string | null;
  ip: string | null;
  locale: string | null;
  created_at: number;
  updated_at: number;
}

/** A dialog that mails its visitor: reply token, batch state, unsubscribe/bounce marks, alert throttle. */
export interface EmailDialogsTable {
  dialog_id: string;
  project_id: string;
  /** The unguessable part of reply+<token>@<domain> (and of the unsubscribe link). */
  token: string;
  created_at: number;
  /** Replies to the token are refused after this (moved on by every mail sent). */
  expires_at: number;
  /** Operator messages up to this seq have been mailed (or needed no mail). */
  mailed_seq: ColumnType<number, number | undefined, number>;
  /** What the visitor read in the widget. */
  visitor_read_seq: ColumnType<number, number | undefined, number>;
  /** A batch of replies is due to be mailed then (null: none pending). */
  reply_due_at: number | null;
  unsubscribed_at: number | null;
  bounced_at: number | null;
  /** The last "unread chat" alert to the assignee about this dialog. */
  alerted_at: number | null;
}

/** A message that went by email (operators' mark): mailed to the visitor, or their reply mail (spoofed: not from their address). */
export interface EmailMessagesTable {
  message_id: string;
  dialog_id: string;
  direction: 'sent' | 'received';
  address: string;
  /** The visitor's address when a reply mail came from another one (null: they had none). */
  expected: string | null;
  spoofed: number;
  at: number;
}

/** Mail waiting to be sent (or sent: kept for retries and for the record). */
export interface EmailOutboxTable extends ClaimColumns {
  id: string;
  project_id: string | null;
  dialog_id: string | null;
  kind: string;
  to_addr: string;
  /** JSON OutgoingMail (subject, text, html, headers...). */
  mail: string;
  attempts: ColumnType<number, number | undefined, number>;
  /** Due then; null once sent or given up. */
  next_at: number | null;
  sent_at: number | null;
  failed_at: number | null;
  last_error: string | null;
  created_at: number;
}

export interface ServerMetaTable {
  key: string;
  value: string;
}

/** A bot or business account bound to a project (settings JSON per protocol's schemas; state: polling offset...). */
export interface ChannelConfigsTable {
  project_id: string;
  kind: string;
  settings: string;
  state: string;
  updated_at: number;
}

/**
 * A messenger client (Telegram chat, WhatsApp number) of a project. They speak as `visitor_id`:
 * their own anonymous row, or a signed-in visitor's (phone match, deep link, manual verification).
 */
export interface ChannelContactsTable {
  project_id: string;
  kind: string;
  chat_id: string;
  anon_visitor_id: string;
  visitor_id: string;
  /** How visitor_id was decided: anonymous | ref | phone | manual. */
  link: string;
  /** The dialog in which the phone choice below holds (it is asked again in the next one). */
  dialog_id: string | null;
  phone_state: string | null;
  phone: string | null;
  locale: string;
  /** JSON: messages held while the phone question is open. */
  pending: string;
  created_at: number;
  updated_at: number;
}

/** One send, edit or delete towards a platform; retried with backoff until done. */
export interface ChannelOutboxTable extends ClaimColumns {
  id: string;
  project_id: string;
  kind: string;
  chat_id: string;
  dialog_id: string | null;
  message_id: string | null;
  op: string;
  payload: string;
  /** pending | done | failed (given up: the platform refused it for good). */
  status: string;
  attempts: number;
  next_at: number;
  /** JSON array of the platform's message ids once sent (edits and deletes need them). */
  remote_ids: string | null;
  last_error: string | null;
  created_at: number;
  done_at: number | null;
}

export interface ChannelCursorsTable {
  dialog_id: string;
  seq: number;
}

export interface ChannelUpdatesTable {
  project_id: string;
  kind: string;
  update_id: string;
  at: number;
}

export interface ChannelRefsTable {
  ref: string;
  project_id: string;
  visitor_id: string;
  expires_at: number;
}

export interface Database extends IntegrationTables, ClusterTables {
  channel_configs: ChannelConfigsTable;
  channel_contacts: ChannelContactsTable;
  channel_outbox: ChannelOutboxTable;
  channel_cursors: ChannelCursorsTable;
  channel_updates: ChannelUpdatesTable;
  channel_refs: ChannelRefsTable;
  projects: ProjectsTable;
  operators: OperatorsTable;
  memberships: MembershipsTable;
  project_secrets: ProjectSecretsTable;
  password_resets: PasswordResetsTable;
  operator_sessions: OperatorSessionsTable;
  visitors: VisitorsTable;
  visitor_tokens: VisitorTokensTable;
  devices: DevicesTable;
  page_visits: PageVisitsTable;
  visitor_events: VisitorEventsTable;
  dialogs: DialogsTable;
  dialog_tags: DialogTagsTable;
  events: EventsTable;
  messages: MessagesTable;
  files: FilesTable;
  notes: NotesTable;
  templates: TemplatesTable;
  leads: LeadsTable;
  server_meta: ServerMetaTable;
  dialog_reads: DialogReadsTable;
  groups: GroupsTable;
  operator_groups: OperatorGroupsTable;
  project_tags: ProjectTagsTable;
  email_dialogs: EmailDialogsTable;
  email_outbox: EmailOutboxTable;
  email_messages: EmailMessagesTable;
}
