/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import { ICONS } from '../core/dom';
import type { Props } from './store';
import { Icon, PATHS } from './icon';
import { initials } from './format';
import { RequestLine, loadRequests, openRequests } from './request-line';
import { hasHelp, loadHelp, openHelp } from './help-open';
import { CallButtons } from './call-buttons';
import { safeUrl } from '@parley/protocol';

export function Header({ p }: Props) {
  const { ctx, chat, status } = p;
  const { state } = ctx;
  const t = state.t.value;
  const online = state.online.value;
  const operator = chat.view.value.dialog?.operator ?? null;
  const name = operator?.name ?? state.config.value?.name ?? t('panel.title');
  const avatar = operator?.avatarUrl ? safeUrl(operator.avatarUrl, { base: ctx.server }) : null;
  return (
    <div class="hd">
      <span class="av" aria-hidden="true">
        {avatar ? <img src={avatar} alt="" /> : initials(name)}
      </span>
      <div class="ht">
        <h2 id="parley-title">{name}</h2>
        <p>{t(status.value === 'connecting' ? 'panel.connecting' : online && status.value !== 'blocked' ? 'panel.online' : 'panel.offline')}</p>
        <RequestLine p={p} />
      </div>
      <CallButtons p={p} />
      {hasHelp(p) && (
        <button
          type="button"
          class="x"
          aria-label={t('help.open')}
          aria-pressed={!!p.ui.help.value}
          onPointerEnter={() => loadHelp(p)}
          onFocus={() => loadHelp(p)}
          onClick={() => openHelp(p)}
        >
          <Icon d={PATHS.help} />
        </button>
      )}
      {chat.visitor.value?.kind === 'verified' && (
        <button
          type="button"
          class="x"
          aria-label={t('requests.open')}
          aria-pressed={!!p.ui.requests.value}
          onPointerEnter={() => loadRequests(p)}
          onFocus={() => loadRequests(p)}
          onClick={() => openRequests(p)}
        >
          <Icon d={PATHS.list} />
        </button>
      )}
      {state.config.value?.sound.enabled && (
        <button type="button" class="x" aria-label={t('panel.mute')} aria-pressed={p.muted.value} onClick={() => p.setMuted(!p.muted.value)}>
          <Icon d={p.muted.value ? PATHS.muted : PATHS.sound} />
        </button>
      )}
      <button type="button" class="x" aria-label={t('panel.close')} onClick={() => ctx.close()}>
        <Icon d={ICONS.close} />
      </button>
    </div>
  );
}
