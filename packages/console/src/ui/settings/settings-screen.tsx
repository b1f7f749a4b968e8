import { useEffect } from 'preact/hooks';
import { SETTINGS_SECTIONS, type SettingsSection } from '../../lib/route';
import { useT, useWorkspace } from '../context';
import { OperatorsSettings } from './operators-settings';
import { TemplatesSettings } from './templates-settings';
import { WidgetSettings } from './widget-settings';
import { ScheduleSettings } from './schedule-settings';
import { OfflineFormSettings } from './offline-form-settings';
import { PreChatSettings } from './prechat-settings';
import { GreetingsSettings } from './greetings-settings';
import { TextsSettings } from './texts-settings';
import { FiltersSettings } from './filters-settings';
import { MultiwidgetSettings } from './multiwidget-settings';
import { CrmSettings } from './crm-settings';
import { IdentitySettings } from './identity-settings';
import { ProjectsSettings } from './projects-settings';
import { GroupsSettings } from './groups-settings';
import { TagsSettings } from './tags-settings';
import { RoutingSettings } from './routing-settings';
import { BlockedSettings } from './blocked-settings';
import { EmailSettings } from './email-settings';
import { ChannelsSettings } from './channels-settings';
import { WebhooksSettings } from './settings-webhooks';
import { HelpSettings } from './help-settings';
import { CallsSettings } from './calls-settings';

/** Admin settings: one tab per part of the operator API. */
export function SettingsScreen({ section }: { section: SettingsSection }) {
  const ws = useWorkspace();
  const t = useT();
  const info = ws.project.info.value;
  useEffect(() => {
    if (!ws.project.info.peek()) void ws.project.load().catch(() => undefined);
  }, []);
  const needsProject = !['operators', 'templates', 'groups', 'tags', 'blocked', 'projects', 'channels'].includes(section);
  // Projects are the workspace owner's and admins' to manage.
  // Operators reach only the knowledge base, and only when the project lets them write it.
  const sections = ws.isAdmin.value
    ? SETTINGS_SECTIONS.filter((s) => s !== 'projects' || !!ws.session.me.value?.workspaceRole)
    : SETTINGS_SECTIONS.filter((s) => s === 'help' && !!info?.settings.help.operatorsWrite);
  return (
    <div class="settings">
      <nav class="settings-nav" aria-label={t('settings.title')}>
        <h2>{t('settings.title')}</h2>
        <ul>
          {sections.map((s) => (
            <li key={s}>
              <a href={ws.router.href({ name: 'settings', section: s })} aria-current={s === section ? 'page' : undefined}>
                {t(`settings.${s}` as const)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="settings-body">
        {needsProject && !info ? (
          <p class="empty" role="status">
            {t('app.loading')}
          </p>
        ) : (
          renderSection(section)
        )}
      </div>
    </div>
  );
}

function renderSection(section: SettingsSection) {
  switch (section) {
    case 'operators':
      return <OperatorsSettings />;
    case 'groups':
      return <GroupsSettings />;
    case 'tags':
      return <TagsSettings />;
    case 'routing':
      return <RoutingSettings />;
    case 'calls':
      return <CallsSettings />;
    case 'blocked':
      return <BlockedSettings />;
    case 'templates':
      return <TemplatesSettings />;
    case 'help':
      return <HelpSettings />;
    case 'widget':
      return <WidgetSettings />;
    case 'schedule':
      return <ScheduleSettings />;
    case 'offline-form':
      return <OfflineFormSettings />;
    case 'prechat':
      return <PreChatSettings />;
    case 'greetings':
      return <GreetingsSettings />;
    case 'texts':
      return <TextsSettings />;
    case 'filters':
      return <FiltersSettings />;
    case 'multiwidget':
      return <MultiwidgetSettings />;
    case 'crm':
      return <CrmSettings />;
    case 'identity':
      return <IdentitySettings />;
    case 'email':
      return <EmailSettings />;
    case 'channels':
      return <ChannelsSettings />;
    case 'webhooks':
      return <WebhooksSettings />;
    case 'projects':
      return <ProjectsSettings />;
  }
}
