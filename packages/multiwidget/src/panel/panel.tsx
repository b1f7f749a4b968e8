import { useEffect, useRef, useState } from 'preact/hooks';
import { translator } from '../i18n';
import { CallbackForm } from './callback-form';
import { sendCallback, type CallbackFields } from '../callback';
import { ChannelList, channelLabel } from './channel-list';
import { linkChannels, type LinkedChannel } from './links';
import { needsServerRef, openWithServerRef, signedInTelegramLink } from './channel-ref';
import { QrView } from './qr-view';
import { PANEL_TEXTS } from './texts';
import type { PanelProps } from './types';

type View = { v: 'list' } | { v: 'callback' | 'qr'; index: number };

/** Moves focus to the view's preferred element, else its first control. */
export function focusInto(root: HTMLElement | null): void {
  const el = root?.querySelector<HTMLElement>('[data-autofocus]') ?? root?.querySelector<HTMLElement>('.item, input, button, a[href]');
  el?.focus();
}

export function Panel(props: PanelProps) {
  const { locale, texts, chatStatus } = props;
  const identity = props.identity();
  const channels = linkChannels(props.channels, props.device, props.dialogRef, identity != null);
  const t = translator(PANEL_TEXTS, locale, texts);
  const [view, setView] = useState<View>({ v: 'list' });
  /** A signed-in visitor's Telegram QR code, once its ref is there. */
  const [qrHref, setQrHref] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const first = useRef(true);
  // A sub-view whose channel went away (schedule, page change) falls back to the list.
  const current = view.v === 'list' ? undefined : channels.find((c) => c.index === view.index);
  const shown: View = view.v !== 'list' && !current ? { v: 'list' } : view;

  useEffect(() => {
    // The launcher focuses the panel when it opens; afterwards each change of view moves focus.
    if (first.current) first.current = false;
    else focusInto(root.current);
  }, [shown.v]);

  const submit = async (fields: CallbackFields, clientId: string) => {
    const r = await sendCallback({ server: props.server, project: props.project, clientId, fields, locale, page: location.href });
    if (r.ok) props.onCallbackSent();
    return r;
  };

  const onPick = (entry: LinkedChannel, e: Event) => {
    props.onActivate(entry);
    const serverRef = needsServerRef(entry, identity);
    const link = () => signedInTelegramLink({ server: props.server, project: props.project, identity, entry });
    if (entry.kind === 'chat') props.onChat(entry);
    else if (entry.kind === 'callback') setView({ v: 'callback', index: entry.index });
    else if (entry.qr) {
      e.preventDefault();
      setQrHref(null);
      setView({ v: 'qr', index: entry.index });
      if (serverRef) void link().then(setQrHref);
    } else if (serverRef) {
      e.preventDefault();
      openWithServerRef(window, link());
    }
  };

  const title = shown.v === 'list' || !current ? t('multiwidget.title') : channelLabel(current, locale, t);
  return (
    <div class="panel" ref={root} part="panel" data-view={shown.v}>
      <div class="head">
        {shown.v !== 'list' && (
          <button type="button" class="icon-btn back" aria-label={t('multiwidget.back')} onClick={() => setView({ v: 'list' })}>
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M15.4 5.4 14 4l-8 8 8 8 1.4-1.4L8.8 12z" fill="currentColor" />
            </svg>
          </button>
        )}
        <h2 class="title" id="pm-title">
          {title}
        </h2>
      </div>
      {shown.v === 'list' && <ChannelList channels={channels} locale={locale} t={t} chatStatus={chatStatus} onPick={onPick} />}
      {shown.v === 'list' && chatStatus === 'failed' && (
        <p class="error" role="alert">
          {t('multiwidget.chat.failed')}
        </p>
      )}
      {shown.v === 'callback' && <CallbackForm t={t} submit={submit} />}
      {/* A signed-in visitor's Telegram code waits for its ref: scanned without it, the chat would not join their dialog. */}
      {shown.v === 'qr' && current?.href && (!needsServerRef(current, identity) || qrHref) && (
        <QrView href={qrHref ?? current.href} kind={current.kind} label={title} t={t} />
      )}
    </div>
  );
}
