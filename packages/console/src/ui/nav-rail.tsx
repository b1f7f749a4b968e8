import type { DialogView } from '@parley/protocol';
import type { Route } from '../lib/route';
import { useT, useWorkspace } from './context';
import { StatusSwitch } from './status-switch';
import { Avatar } from './avatar';
import { ProjectSwitcher } from './project-switcher';
import { useEffect } from 'preact/hooks';

function same(a: Route, b: Route): boolean {
  if (a.name !== b.name) return false;
  return a.name !== 'inbox' || (b.name === 'inbox' && a.view === b.view);
}

export function NavRail() {
  const ws = useWorkspace();
  const t = useT();
  const route = ws.router.route.value;
  const me = ws.session.me.value;
  const info = ws.project.info.value;
  // An operator's "Knowledge base" link depends on the project's settings (issue 19): load them.
  useEffect(() => {
    if (!ws.isAdmin.value && !info) void ws.project.load().catch(() => undefined);
  }, [info, ws.isAdmin.value]);
  const views: DialogView[] = ws.isAdmin.value ? ['new', 'mine', 'all', 'resolved'] : ['new', 'mine', 'resolved'];
  const counts: Partial<Record<DialogView, number>> = {
    new: ws.lists.views.new.value.length,
    mine: ws.lists.views.mine.value.filter((d) => d.unread > 0).length,
  };
  const link = (r: Route, label: string, count?: number, countLabel?: string) => (
    <li>
      <a href={ws.router.href(r)} aria-current={same(route, r) ? 'page' : undefined} class="rail-link">
        <span>{label}</span>
        {count ? (
          <span class="count" aria-label={countLabel}>
            {count}
          </span>
        ) : null}
      </a>
    </li>
  );
  return (
    <nav class="rail" aria-label={t('nav.label')}>
      <h1 class="rail-brand">
        Parley <span class="sr-only">{t('nav.console')}</span>
      </h1>
      <ProjectSwitcher />
      <ul class="rail-list">
        {views.map((v) =>
          link({ name: 'inbox', view: v, dialogId: null }, t(`view.${v}` as const), counts[v], t(`view.${v}.count` as const, { n: counts[v] ?? 0 })),
        )}
        {link({ name: 'leads' }, t('nav.leads'), ws.leads.newCount.value, t('nav.leads.count', { n: ws.leads.newCount.value }))}
        {link({ name: 'stats' }, t('nav.stats'))}
        {ws.isAdmin.value && link({ name: 'settings', section: 'operators' }, t('nav.settings'))}
        {!ws.isAdmin.value && info?.settings.help.operatorsWrite && link({ name: 'settings', section: 'help' }, t('settings.help'))}
      </ul>
      <div class="rail-foot">
        {ws.notifier.permission.value === 'default' && (
          <button type="button" class="btn small rail-notify" onClick={() => void ws.notifier.requestPermission()}>
            {t('notify.enable')}
          </button>
        )}
        <button type="button" class="btn small rail-help" aria-keyshortcuts="?" onClick={() => (ws.shortcutsOpen.value = true)}>
          <span aria-hidden="true">?</span>
          <span class="sr-only">{t('keys.title')}</span>
        </button>
        <StatusSwitch />
        {me && (
          <a href={ws.router.href({ name: 'profile' })} class="rail-me" aria-current={route.name === 'profile' ? 'page' : undefined}>
            <Avatar name={me.name} url={me.avatarUrl} />
            <span class="rail-me-name">{me.name}</span>
          </a>
        )}
      </div>
    </nav>
  );
}
