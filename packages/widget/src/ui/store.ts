import type { ComponentChildren, ComponentType } from 'preact';
import { signal } from '../core/signals';
import type { OfflineFormField, validateOfflineForm, validatePreChat } from '@parley/protocol';
import type { PanelDeps } from '../session/panel-contract';
import type { AttachmentRef } from '../session/outbox';
import type { Upload } from '../session/upload';

export interface PendingFile {
  key: number;
  name: string;
  progress: number;
  upload: Upload;
  ref?: AttachmentRef;
}

/**
 * The panel's own state (drafts, form values, the rating being chosen) as signals, next to the
 * model's: the whole panel is a function of signals, rendered by one effect (see index.tsx).
 * There is one panel per widget, so this store is created once per mount.
 */
export function createUi() {
  return {
    text: signal(''),
    files: signal<PendingFile[]>([]),
    error: signal<string | null>(null),
    form: signal<Record<OfflineFormField | 'group', string>>({ name: '', phone: '', email: '', message: '', group: '' }),
    problems: signal<ReturnType<typeof validateOfflineForm>>([]),
    consent: signal(false),
    preProblems: signal<ReturnType<typeof validatePreChat>>([]),
    /** The image shown full size (lightbox), and the link to give the focus back to. */
    image: signal<{ src: string; name: string; from: HTMLElement | null } | null>(null),
    /** The emoji picker is open (emoji.tsx). */
    emoji: signal(false),
    /** Files are being dragged over the panel. */
    dragging: signal(false),
    score: signal(0),
    comment: signal(''),
    skipped: signal<string | null>(null),
    /** The transcript form: closed, open (with its address), sending, then sent or failed. */
    mail: signal<'' | 'open' | 'sending' | 'sent' | 'failed'>(''),
    mailTo: signal(''),
    /** Image attachments that failed to load: shown as file tiles. */
    broken: signal<ReadonlySet<string>>(new Set()),
    /** The subject of the request the next message starts, and whether the visitor asked for a new one (My requests). */
    subject: signal(''),
    newRequest: signal(false),
    /** "My requests" (issue 19): shown instead of the chat while set (request-line.tsx). */
    requests: signal<RequestsView | null>(null),
    /** The Help tab (issue 19): shown instead of the chat while set (help-open.ts). */
    help: signal<RequestsView | null>(null),
    /** Articles suggested while the visitor types their first message, and the pending search. */
    suggestions: signal<{ id: string; title: string }[]>([]),
    suggestTimer: undefined as unknown,
    /** Searches for suggestions as the visitor types: set once their chunk has loaded (help-entry.tsx). */
    suggest: undefined as ((p: Props['p'], text: string) => void) | undefined,
    /** Styles adopted by views that open and close (Help, My requests): once each, removed with the panel. */
    sheets: new Map<string, () => void>(),
    suggestFor: '',
    /** Views in chunks of their own (lazy-view.tsx), once loaded, and those being fetched (with the timer of the next try after a failure). */
    views: signal<Partial<Record<ViewName, ComponentType<Props>>>>({}),
    loadingViews: new Map<ViewName, unknown>(),
    /** The panel was removed: what still arrives (a view's chunk) is dropped. */
    gone: false,
    /** Full screen (phones, narrow windows), decided when the panel opens. */
    full: signal(false),
    /** Elements the behaviours need (focus, scrolling), set by ref callbacks. */
    els: {} as { panel?: HTMLElement | null; list?: HTMLElement | null; input?: HTMLTextAreaElement | null; picker?: HTMLInputElement | null },
    /** Whether the list follows new messages (the visitor is at the bottom). */
    stick: true,
    nextKey: 0,
    /** Files picked, dropped or pasted, attached one batch after the other (attach-files.ts). */
    attaching: Promise.resolve() as Promise<unknown>,
  };
}

export type Ui = ReturnType<typeof createUi>;

/** When the panel is removed: its timers go, and chunks still loading adopt no styles. */
export function stopUi(ui: Ui, win: Pick<Window, 'clearTimeout'>): void {
  ui.gone = true;
  win.clearTimeout(ui.suggestTimer as number);
  for (const t of ui.loadingViews.values()) win.clearTimeout(t as number);
  ui.loadingViews.clear();
}

/** The views loaded on need (lazy-view.tsx). */
export type ViewName = 'offline' | 'prechat' | 'rating' | 'lightbox' | 'transcript' | 'emoji' | 'files' | 'chips' | 'suggest';

/** A screen shown instead of the chat (My requests, Help): its component, with its own state. */
export interface RequestsView {
  View: () => preact.JSX.Element | null;
}

export interface Props {
  p: PanelDeps & { ui: Ui };
}

/** The offline and pre-chat forms: `alt` (the plain chat) shows instead when the form's part of the config is bad. */
export interface FormProps extends Props {
  alt: ComponentChildren;
}
