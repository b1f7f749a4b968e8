import { batch, signal } from '@preact/signals';
import type {
  CloseStatus,
  DialogDetail,
  DialogEmail,
  DialogEvent,
  DialogSummary,
  MessageMail,
  Note,
  PageInfo,
  UploadedFile,
  VisitorEvent,
} from '@parley/protocol';
import type { OperatorApi } from '../api/operator-api';
import { ApiFailure } from '../api/http';
import { newClientId } from '../lib/client-id';
import {
  addMail,
  addNote,
  addVisitorEvent,
  applyDialogEvent,
  emptyTimeline,
  fromServer,
  prependOlder,
  upsertReturnedMessage,
  type PendingMessage,
  type TimelineState,
} from '../lib/timeline';

export interface DialogModelDeps {
  api: OperatorApi;
  id: string;
  /** Report a changed summary to the lists (the single source of dialog summaries). */
  onSummary(d: DialogSummary): void;
  /** The server no longer lets this operator see the dialog (reassigned to someone else). */
  onGone(): void;
  errorText(e: unknown): string;
  now(): number;
}

/** The dialog on screen: detail (visitor card), timeline with live events, pending sends. */
export function createDialogModel(deps: DialogModelDeps) {
  const { api, id } = deps;
  const detail = signal<DialogDetail | null>(null);
  const timeline = signal<TimelineState>(emptyTimeline());
  const pending = signal<PendingMessage[]>([]);
  /** Whether the visitor can be mailed (the composer's chat/email choice); null until known. */
  const email = signal<DialogEmail | null>(null);
  const loading = signal(true);
  const loadError = signal<string | null>(null);
  const loadingOlder = signal(false);
  let destroyed = false;
  let refetching: Promise<void> | null = null;

  // Live events and notes that arrive while a (re)load is on its way: replayed over its answer.
  let inflight: { events: DialogEvent[]; notes: Note[]; visitorEvents: VisitorEvent[]; mail: MessageMail[] } | null = null;

  /** Asks the server whether this visitor can be mailed (on open, and after the card changes). */
  async function loadEmail(): Promise<void> {
    try {
      const e = await api.dialogEmail(id);
      if (!destroyed) email.value = e;
    } catch {
      if (!destroyed) email.value = null;
    }
  }

  async function load(): Promise<void> {
    const buffered = { events: [] as DialogEvent[], notes: [] as Note[], visitorEvents: [] as VisitorEvent[], mail: [] as MessageMail[] };
    inflight = buffered;
    try {
      const [d, t] = await Promise.all([api.dialog(id), api.timeline(id)]);
      if (destroyed) return;
      let state = fromServer(t);
      // Events at or below the snapshot's cursor are already in it; later ones are applied on top.
      for (const ev of buffered.events) state = applyDialogEvent(state, ev).state;
      for (const n of buffered.notes) state = addNote(state, n);
      for (const e of buffered.visitorEvents) state = addVisitorEvent(state, e);
      for (const m of buffered.mail) state = addMail(state, m);
      batch(() => {
        detail.value = d;
        timeline.value = state;
        loadError.value = null;
        loading.value = false;
      });
      deps.onSummary(d.dialog);
      void loadEmail();
    } catch (e) {
      if (destroyed) return;
      batch(() => {
        loadError.value = deps.errorText(e);
        loading.value = false;
      });
      if (e instanceof ApiFailure && (e.code === 'not_found' || e.code === 'forbidden')) deps.onGone();
    } finally {
      if (inflight === buffered) inflight = null;
    }
  }

  /** Refetch after a reconnect or a sequence gap; concurrent requests share one fetch. */
  function refetch(): Promise<void> {
    refetching ??= load().finally(() => {
      refetching = null;
    });
    return refetching;
  }

  function summary(d: DialogSummary): void {
    if (detail.value) detail.value = { ...detail.value, dialog: d };
    deps.onSummary(d);
  }

  async function act(p: Promise<DialogSummary>): Promise<void> {
    try {
      summary(await p);
    } catch (e) {
      // Someone else changed the dialog first: show its current state.
      if (e instanceof ApiFailure && (e.code === 'conflict' || e.code === 'not_found' || e.code === 'forbidden')) void refetch();
      throw e;
    }
  }

  return {
    id,
    detail,
    timeline,
    pending,
    email,
    loadEmail,
    /** The whole dialog to the visitor's address. */
    async sendTranscript(): Promise<void> {
      await api.transcript(id);
    },
    loading,
    loadError,
    loadingOlder,
    load,
    refetch,
    applyEvent(ev: DialogEvent): void {
      inflight?.events.push(ev);
      const r = applyDialogEvent(timeline.value, ev);
      timeline.value = r.state;
      if (r.gap) void refetch();
    },
    noteArrived(note: Note): void {
      inflight?.notes.push(note);
      timeline.value = addNote(timeline.value, note);
    },
    visitorEventArrived(event: VisitorEvent): void {
      inflight?.visitorEvents.push(event);
      timeline.value = addVisitorEvent(timeline.value, event);
    },
    mailArrived(mail: MessageMail): void {
      inflight?.mail.push(mail);
      timeline.value = addMail(timeline.value, mail);
    },
    /** A summary from a frame: keep the detail's copy in step. */
    summaryArrived(d: DialogSummary): void {
      if (detail.value && d.id === id) detail.value = { ...detail.value, dialog: d };
    },
    /** The visitor has read up to seq (live; DialogSummary.visitorReadSeq after a reload). */
    visitorRead(seq: number): void {
      const d = detail.value;
      if (d && seq > d.dialog.visitorReadSeq) detail.value = { ...d, dialog: { ...d.dialog, visitorReadSeq: seq } };
    },
    visitorPage(page: PageInfo, at: number): void {
      const d = detail.value;
      if (!d) return;
      detail.value = { ...d, pages: [{ url: page.url, title: page.title ?? null, at }, ...d.pages] };
    },
    async loadOlder(): Promise<void> {
      const first = timeline.value.messages[0];
      if (!timeline.value.hasMore || !first || loadingOlder.value) return;
      loadingOlder.value = true;
      try {
        const older = await api.timeline(id, first.seq);
        if (!destroyed) timeline.value = prependOlder(timeline.value, older);
      } finally {
        loadingOlder.value = false;
      }
    },
    /** Sends a reply; it shows as pending until the server's answer or event confirms it. */
    async send(text: string, files: readonly UploadedFile[], via: 'chat' | 'email' = 'chat'): Promise<void> {
      const p: PendingMessage = {
        clientId: newClientId(),
        text,
        attachmentNames: files.map((f) => f.name),
        attachmentIds: files.map((f) => f.id),
        createdAt: deps.now(),
        error: null,
        via,
      };
      pending.value = [...pending.value, p];
      await deliver(p);
    },
    async retry(clientId: string): Promise<void> {
      const p = pending.value.find((x) => x.clientId === clientId);
      if (p) await deliver(p);
    },
    discard(clientId: string): void {
      pending.value = pending.value.filter((x) => x.clientId !== clientId);
    },
    async edit(messageId: string, text: string): Promise<void> {
      const m = await api.editMessage(id, messageId, text);
      if (!destroyed) timeline.value = upsertReturnedMessage(timeline.value, m);
    },
    async remove(messageId: string): Promise<void> {
      const m = await api.deleteMessage(id, messageId);
      if (!destroyed) timeline.value = upsertReturnedMessage(timeline.value, m);
    },
    async note(text: string): Promise<void> {
      const n = await api.addNote(id, text);
      if (!destroyed) timeline.value = addNote(timeline.value, n);
    },
    /** The visitor card (name, email, phone, operators' note); the answer is the fresh detail. */
    async updateVisitor(patch: { name?: string | null; email?: string | null; phone?: string | null; note?: string | null }): Promise<void> {
      const d = await api.updateVisitor(id, patch);
      if (destroyed) return;
      detail.value = d;
      deps.onSummary(d.dialog);
      void loadEmail();
    },
    async setBlocked(blocked: boolean): Promise<void> {
      const d = await api.setBlocked(id, blocked);
      if (destroyed) return;
      detail.value = d;
      deps.onSummary(d.dialog);
    },
    take: () => act(api.take(id)),
    assign: (operatorId: string) => act(api.assign(id, operatorId)),
    close: (status: CloseStatus) => act(api.close(id, status)),
    reopen: () => act(api.reopen(id)),
    /** Marks the request "waiting for the client" (or takes the mark off). */
    setWaiting: (waiting: boolean) => act(api.setWaiting(id, waiting)),
    /** Erases the visitor of this dialog (their right to be forgotten); the dialog stays as a tombstone. */
    async eraseVisitor(): Promise<void> {
      const v = detail.value?.visitor;
      if (!v) return;
      await api.eraseVisitor(v.id);
      await refetch();
    },
    setTags: (tags: string[]) => act(api.setTags(id, tags)),
    destroy(): void {
      destroyed = true;
    },
  };

  async function deliver(p: PendingMessage): Promise<void> {
    setPendingError(p.clientId, null);
    try {
      const m = await api.send(id, {
        clientId: p.clientId,
        text: p.text,
        attachments: p.attachmentIds,
        ...(p.via === 'email' ? { via: 'email' as const } : {}),
      });
      if (destroyed) return;
      batch(() => {
        timeline.value = upsertReturnedMessage(timeline.value, m);
        pending.value = pending.value.filter((x) => x.clientId !== p.clientId);
      });
    } catch (e) {
      setPendingError(p.clientId, deps.errorText(e));
      throw e;
    }
  }

  function setPendingError(clientId: string, error: string | null): void {
    pending.value = pending.value.map((x) => (x.clientId === clientId ? { ...x, error } : x));
  }
}
export type DialogModel = ReturnType<typeof createDialogModel>;
