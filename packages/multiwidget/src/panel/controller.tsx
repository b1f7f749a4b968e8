import { render } from 'preact';
import type { ChannelEntry } from '../channels';
import type { ChatAdapter, Controller, ControllerContext } from '../contract';
import { fireGoals } from '../goals';
import { refOrNull } from '../links';
import { Panel, focusInto } from './panel';
import { PANEL_CSS } from './styles';
import type { ChatStatus, PanelProps } from './types';

/**
 * Everything after the first click: the list (a disclosure: the button controls it, Escape or a
 * press outside closes it and focus returns to the button), the callback form, QR codes, the chat
 * hand-over, and goals.
 *
 * The visitor's dialog reference (`start`/`ref`/`context` for channels with passRef) is the id of
 * the visitor's chat dialog, as the chat reported it on this device, remembered per project in
 * localStorage. It is an identifier, never a credential: every Parley API needs the visitor token
 * or an operator session, so a dialog id in a messenger's URL grants nothing. No dialog yet means
 * no reference, and the parameter is left out.
 */
export function createController(ctx: ControllerContext): Controller {
  const { launcher, markers, options } = ctx;
  const refKey = `parley:mw:dialog:${options.project}`;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(PANEL_CSS);
  launcher.shadow.adoptedStyleSheets = [...launcher.shadow.adoptedStyleSheets, sheet];
  let isOpen = false;
  let chat: ChatAdapter | null = null;
  let chatLoading: Promise<ChatAdapter> | null = null;
  let chatStatus: ChatStatus = 'idle';
  let chatOpen = false;
  let stopChat: (() => void) | null = null;
  let destroyed = false;

  const dialogRef = (): string | null => {
    const live = refOrNull(chat?.dialogId());
    if (live) return live;
    try {
      return refOrNull(ctx.storage?.getItem(refKey));
    } catch {
      return null;
    }
  };
  const rememberRef = () => {
    const id = refOrNull(chat?.dialogId());
    try {
      if (id) ctx.storage?.setItem(refKey, id);
    } catch {
      // storage full or blocked: the reference is a convenience
    }
  };

  const activate = (entry: ChannelEntry) => {
    markers.click(entry);
    ctx.emit('channel:click', { channel: entry.kind, index: entry.index });
    fireGoals(globalThis, options.goals, 'channel:click', entry.kind);
  };

  const props = (): PanelProps => ({
    channels: ctx.channels(),
    device: ctx.device(),
    dialogRef: dialogRef(),
    identity: ctx.identity,
    locale: ctx.locale(),
    texts: ctx.config().texts,
    chatStatus,
    onActivate: activate,
    onChat: () => void openChat(),
    server: options.server,
    project: options.project,
    onCallbackSent: () => ctx.emit('callback:sent', {}),
  });

  const paint = () => {
    if (destroyed) return;
    launcher.setPanelVisible(isOpen);
    // Rendered only while open: each opening starts from the list, as the visitor expects.
    render(isOpen ? <Panel {...props()} /> : null, launcher.panelSlot);
  };

  async function open(): Promise<void> {
    if (destroyed || ctx.channels().length === 0) return;
    if (chatOpen) chat?.close();
    if (isOpen) return;
    isOpen = true;
    ctx.setExpanded(true);
    paint();
    focusInto(launcher.panelSlot.querySelector('.panel'));
    ctx.emit('open', {});
    fireGoals(globalThis, options.goals, 'open');
  }

  function close(): void {
    if (!isOpen) return;
    const focusInside = launcher.panelSlot.contains(launcher.shadow.activeElement);
    isOpen = false;
    paint();
    ctx.setExpanded(chatOpen);
    if (focusInside) launcher.button.focus();
    ctx.emit('close', {});
  }

  const loadChat = (): Promise<ChatAdapter> => {
    chatLoading ??= ctx.loadChat().then((c) => {
      if (destroyed) {
        c.destroy();
        throw new Error('destroyed');
      }
      chat = c;
      chatOpen = c.isOpen();
      stopChat = c.onOpenChange((opened) => {
        chatOpen = opened;
        rememberRef();
        if (opened) close();
        ctx.setExpanded(opened || isOpen);
        // The chat has no launcher of its own here: focus comes back to ours, not to the page top.
        if (!opened && (document.activeElement === document.body || document.activeElement === null)) launcher.button.focus();
      });
      return c;
    });
    chatLoading.catch(() => {
      chatLoading = null;
    });
    return chatLoading;
  };

  async function openChat(): Promise<void> {
    chatStatus = 'loading';
    paint();
    try {
      const c = await loadChat();
      await c.open();
      chatStatus = 'idle';
      chatOpen = true;
      close();
      ctx.setExpanded(true);
    } catch (err) {
      if (destroyed) return;
      chatStatus = 'failed';
      ctx.warn(`the chat could not be opened (${String(err)})`);
      paint();
    }
  }

  const onKey = (e: Event) => {
    if ((e as KeyboardEvent).key !== 'Escape' || !isOpen) return;
    e.stopPropagation();
    close();
    launcher.button.focus();
  };
  // A press anywhere outside the multiwidget closes the list, as with any disclosure popup.
  const onPointerDown = (e: Event) => {
    if (isOpen && !e.composedPath().includes(launcher.host)) close();
  };
  launcher.shadow.addEventListener('keydown', onKey);
  document.addEventListener('pointerdown', onPointerDown, true);

  return {
    open,
    close,
    async attachChat() {
      await loadChat();
    },
    async toggle() {
      if (chatOpen) chat?.close();
      else if (isOpen) close();
      else await open();
    },
    update() {
      if (isOpen && ctx.channels().length === 0) close();
      else paint();
    },
    destroy() {
      destroyed = true;
      launcher.shadow.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointerDown, true);
      render(null, launcher.panelSlot);
      launcher.shadow.adoptedStyleSheets = launcher.shadow.adoptedStyleSheets.filter((s) => s !== sheet);
      stopChat?.();
      chat?.destroy();
    },
  };
}
