import type { Lead } from '@parley/protocol';

/**
 * What the rest of the server tells the mail service (services/email/index.ts implements it). A
 * type of its own so the context can name it without importing the service (no cycle).
 */
export interface EmailHooks {
  /** An operator replied: mailed now ('email', the composer's choice) or after the delay if the visitor is away. */
  operatorReplied(dialogId: string, visitorId: string, via: 'chat' | 'email'): void;
  /** A visitor wrote: an assignee who is offline hears of it by mail. */
  visitorWrote(dialogId: string): void;
  /** What the visitor read in the widget is not mailed. */
  visitorRead(dialogId: string, seq: number): void;
  /** A new lead: to the project's team address. */
  lead(projectId: string, lead: Lead): void;
  /** Someone was added to a project. */
  invited(p: { projectId: string; by: string; email: string; role: string; newAccount: boolean }): void;
  /** Mail what is due now. */
  kick(): void;
}
