import { computed, effect, signal } from '@preact/signals';
import { CALL_RECORDING_HEADER, isAdminRole, OC, OperatorRoutes, OS, S, visitorDisplayName, type OperatorServerFrame } from '@parley/protocol';
import { preview } from '../lib/format';
import { createTeam } from './team';
import type { OperatorApi } from '../api/operator-api';
import { uploadFile } from '../api/upload';
import { newClientId } from '../lib/client-id';
import { createOperatorSocket } from '../api/socket';
import { createConsoleCalls } from './call-host';
import type { I18n } from '../i18n/i18n';
import { describeError } from './errors';
import type { Session } from './session';
import type { Router } from './router';
import { createDialogLists } from './dialog-lists';
import { createDialogModel, type DialogModel } from './dialog-model';
import { createOperators } from './operators';
import { createTemplates } from './templates';
import { createLeads } from './leads';
import { createProject } from './project';
import { createNotifier } from './notifier';
import { createTypingBoard } from './typing';
import type { Projects } from './projects';

export interface WorkspaceDeps {
  window: Window & typeof globalThis;
  api: OperatorApi;
  session: Session;
  i18n: I18n;
  router: Router;
  /** The operator's projects; the workspace shows `projectId`, one of them. */
  projects: Projects;
  projectId: string;
}

const BASE_TITLE = 'Parley';

/**
 * Everything of a signed-in operator: the socket, the lists, the open dialog, notifications.
 * Created on sign-in, destroyed on sign-out; destroy() removes every listener and timer.
 */
export function createWorkspace(deps: WorkspaceDeps) {
  const { window: w, api, session, i18n, router, projects, projectId } = deps;
  /** Dialogs of other projects that notifications named: opening one switches project. */
  const elsewhere = new Map<string, string>();
  const meId = () => session.me.value?.id ?? '';
  const isAdmin = computed(() => !!session.me.value && isAdminRole(session.me.value.role));
  const timers = { setTimeout: (fn: () => void, ms: number) => w.setTimeout(fn, ms), clearTimeout: (id: number) => w.clearTimeout(id) };
  const errorText = (e: unknown) => describeError(e, i18n);

  const lists = createDialogLists({ api, meId, isAdmin: () => isAdmin.value });
  const operators = createOperators(api);
  const templates = createTemplates(api);
  const leads = createLeads(api);
  const project = createProject(api);
  const team = createTeam(api);
  const typing = createTypingBoard(timers);
  const current = signal<DialogModel | null>(null);
  /** Moves when the project's problem alerts changed (pushed over the socket, or missed while it was down): the banner reloads. */
  const alertsVersion = signal(0);
  const visible = signal(w.document.visibilityState === 'visible');
  const activeDialogId = computed(() => {
    const r = router.route.value;
    return r.name === 'inbox' ? r.dialogId : null;
  });
  const notifier = createNotifier({
    window: w,
    storage: safeStorage(w),
    activeDialog: () => activeDialogId.value,
    open: (dialogId) => openDialog(dialogId),
    name: (f) => (f.visitor ? visitorDisplayName(f.visitor, i18n.locale.value) : f.title),
    prefs: () => session.me.value?.prefs,
  });

  /** Shows a dialog in the list it belongs to now (from a notification, a link in the info panel). */
  function openDialog(dialogId: string): void {
    const other = elsewhere.get(dialogId);
    if (other && other !== projectId) {
      // The route survives the switch: the next project's workspace opens the dialog.
      router.navigate({ name: 'inbox', view: 'mine', dialogId });
      projects.select(other);
      return;
    }
    const d = lists.get(dialogId);
    const view = !d ? 'mine' : d.status === 'closed' ? 'resolved' : !d.assignee ? 'new' : d.assignee.id === meId() || !isAdmin.value ? 'mine' : 'all';
    router.navigate({ name: 'inbox', view, dialogId });
  }

  const onVisibility = () => {
    visible.value = w.document.visibilityState === 'visible';
  };
  w.document.addEventListener('visibilitychange', onVisibility);

  const proto = w.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = createOperatorSocket({
    url: `${proto}//${w.location.host}${OperatorRoutes.socket}?project=${encodeURIComponent(projectId)}`,
    WebSocket: w.WebSocket,
    ...timers,
    onUnauthorized: () => session.expired(),
    // A 401 here reaches session.expired() through the HTTP layer; otherwise the role may have changed,
    // or this operator may have left the project (the list then settles on another one).
    onDrop: () => {
      void api.me().then(
        (op) => session.update(op),
        () => undefined,
      );
      void projects.load().catch(() => undefined);
    },
    onOpen: (first) => {
      // Whatever happened while disconnected: lists and the open timeline come fresh.
      void lists.loadOpen();
      if (router.route.value.name === 'inbox' && router.route.value.view === 'resolved') void lists.loadResolved();
      if (!first) {
        alertsVersion.value++;
        void current.value?.refetch();
        void leads.countNew().catch(() => undefined);
        // Counts of the other projects may have moved while disconnected.
        void projects.load().catch(() => undefined);
      }
    },
    onFrame: (f) => handle(f),
    onCall: (raw) => calls.frame(raw),
  });
  // Calls (issue 19): the call chunk loads when one rings or the operator starts one.
  const calls = createConsoleCalls({
    window: w,
    send: (f) => socket.send(f),
    openDialog: (id) => openDialog(id),
    nameOf: (id) => {
      const d = lists.get(id);
      return d ? visitorDisplayName(d.visitor, i18n.locale.value) : '';
    },
    async saveRecording(dialogId, callId, file) {
      const up = await uploadFile(file, () => undefined, w.XMLHttpRequest, { [CALL_RECORDING_HEADER]: callId }).done;
      await api.send(dialogId, { clientId: newClientId(), text: '', attachments: [up.id] });
    },
    ring: (on) => notifier.ring(on),
  });
  const onOnline = () => socket.reconnectNow();
  w.addEventListener('online', onOnline);

  function handle(f: OperatorServerFrame): void {
    const open = current.value;
    switch (f.type) {
      case OS.Welcome:
        session.update(f.operator);
        break;
      case OS.DialogUpdated:
        lists.updated(f.dialog);
        if (open?.id === f.dialog.id) open.summaryArrived(f.dialog);
        break;
      case OS.DialogEvent:
        if (f.event.type === S.MessageNew && f.event.message.author.kind === 'visitor') typing.visitorSent(f.dialogId);
        if (open?.id === f.dialogId) open.applyEvent(f.event);
        break;
      case OS.NoteNew:
        if (open?.id === f.note.dialogId) open.noteArrived(f.note);
        break;
      case OS.Typing:
        if (f.by === 'visitor') typing.visitor(f.dialogId, f.typing, f.draft ?? null);
        else if (f.by.id !== meId()) typing.operator(f.dialogId, f.by, f.typing);
        break;
      case OS.VisitorPage:
        if (open?.id === f.dialogId) open.visitorPage(f.page, f.at);
        break;
      case OS.VisitorRead:
        if (open?.id === f.dialogId) open.visitorRead(f.seq);
        break;
      case OS.VisitorEvent:
        if (open?.id === f.dialogId) open.visitorEventArrived(f.event);
        break;
      case OS.MessageMail:
        if (open?.id === f.dialogId) open.mailArrived(f.mail);
        break;
      case OS.Notification:
        if (f.projectId && f.projectId !== projectId) elsewhere.set(f.dialogId, f.projectId);
        notifier.notify(f);
        break;
      case OS.ProjectUnread:
        projects.unread(f.projectId, f.unread);
        break;
      case OS.OperatorPresence:
        operators.presence(f.operatorId, f.status, f.presence);
        if (f.operatorId === meId()) session.setStatusLocally(f.status);
        break;
      case OS.LeadNew:
        leads.arrived(f.lead);
        break;
      case OS.AlertsChanged:
        alertsVersion.value++;
        break;
      case OS.Error:
        if (f.callId) calls.refused(f.callId, f.message);
        break;
      case OS.Pong:
        break;
    }
  }

  // The open dialog follows the route.
  const stopDialogEffect = effect(() => {
    const id = activeDialogId.value;
    const prev = current.peek();
    if (prev?.id === id) return;
    prev?.destroy();
    if (!id) {
      current.value = null;
      return;
    }
    const model = createDialogModel({ api, id, errorText, now: () => Date.now(), onSummary: (d) => lists.updated(d), onGone: () => lists.forget(id) });
    current.value = model;
    void model.load();
  });

  // Reading: a dialog on screen, in a visible tab, is read up to its last seq.
  let lastMarked = '';
  const stopReadEffect = effect(() => {
    const id = activeDialogId.value;
    if (!id || !visible.value) return;
    notifier.seen(id);
    const d = lists.byId.value.get(id);
    if (!d || d.unread === 0) return;
    const key = `${id}:${d.lastSeq}`;
    if (key === lastMarked) return;
    lastMarked = key;
    lists.markedRead(id);
    api.markRead(id, d.lastSeq).then(
      (fresh) => lists.updated(fresh),
      () => {
        lastMarked = '';
      },
    );
  });

  const badge = computed(() => {
    const ids = new Set(notifier.unseen.value);
    for (const d of lists.views.mine.value) if (d.unread > 0) ids.add(d.id);
    return ids.size;
  });
  const stopTitleEffect = effect(() => {
    const n = badge.value;
    const last = notifier.latest.value;
    // The newest news names its visitor and their first words: "(2) Blue Fox from Lyon: Where is my… · Parley".
    const what = last ? ` ${last.title}${last.body ? `: ${preview(last.body, 40)}` : ''} ·` : '';
    w.document.title = n > 0 ? `(${n})${what} ${BASE_TITLE}` : BASE_TITLE;
  });

  void templates.load().catch(() => undefined);
  void operators.load().catch(() => undefined);
  void team.load().catch(() => undefined);
  void leads.countNew().catch(() => undefined);

  return {
    api,
    session,
    i18n,
    router,
    projects,
    projectId,
    socket,
    calls,
    lists,
    operators,
    templates,
    leads,
    project,
    team,
    notifier,
    typing,
    current,
    isAdmin,
    alertsVersion,
    badge,
    errorText,
    openDialog,
    /** The "?" overlay listing the keyboard shortcuts. */
    shortcutsOpen: signal(false),
    /** Unsent composer text per dialog, so switching dialogs loses nothing. */
    drafts: new Map<string, string>(),
    sendTyping(dialogId: string, on: boolean): void {
      socket.send({ type: OC.Typing, dialogId, typing: on });
    },
    destroy(): void {
      stopDialogEffect();
      stopReadEffect();
      stopTitleEffect();
      current.value?.destroy();
      calls.destroy();
      socket.destroy();
      notifier.destroy();
      typing.destroy();
      w.document.removeEventListener('visibilitychange', onVisibility);
      w.removeEventListener('online', onOnline);
      w.document.title = BASE_TITLE;
    },
  };
}
export type Workspace = ReturnType<typeof createWorkspace>;

function safeStorage(w: Window & typeof globalThis): Storage | null {
  try {
    return w.localStorage;
  } catch {
    return null;
  }
}
