import { useEffect } from 'preact/hooks';
import { SETTINGS_SECTIONS, type SettingsSection } from '../../lib/route';
import { useT, useWorkspace } from '../context';
import { OperatorsSettings } from './operators-settings';
import { TemplatesSettings } from './templates-settings';
import { WidgetSettings } from './widget-settings';
import { ScheduleSettings } from './schedule-settings';
import { OfflineFormSettings } from './offline-form-settings';
import { TextsSettings } from './texts-settings';
import { FiltersSettings } from './filters-settings';
import { MultiwidgetSettings } from './multiwidget-settings';
import { CrmSettings } from './crm-settings';
import { IdentitySettings } from './identity-settings';

/** Admin settings: one tab per part of the operator API. */
export function SettingsScreen({ section }: { section: SettingsSection }) {
  const ws = useWorkspace();
  const t = useT();
  const info = ws.project.info.value;
  useEffect(() => {
    if (!ws.project.info.peek()) void ws.project.load().catch(() => undefined);
  }, []);
  const needsProject = section !== 'operators' && section !== 'templates';
  return (
    <div class="settings">
      <nav class="settings-nav" aria-label={t('settings.title')}>
        <h2>{t('settings.title')}</h2>
        <ul>
          {SETTINGS_SECTIONS.map((s) => (
            <li key={s}>
              <a href={ws.router.href({ name: 'settings', section: s })} aria-current={s === section ? 'page' : undefined}>
                {t(`settings.${s}` as const)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="settings-body">
        {needsProject && !info
          ? <p class="empty" role="status">{t('app.loading')}</p>
          : renderSection(section)}
      </div>
    </div>
  );
}

function renderSection(section: SettingsSection) {
  switch (section) {
    case 'operators': return <OperatorsSettings />;
    case 'templates': return <TemplatesSettings />;
    case 'widget': return <WidgetSettings />;
    case 'schedule': return <ScheduleSettings />;
    case 'offline-form': return <OfflineFormSettings />;
    case 'texts': return <TextsSettings />;
    case 'filters': return <FiltersSettings />;
    case 'multiwidget': return <MultiwidgetSettings />;
    case 'crm': return <CrmSettings />;
    case 'identity': return <IdentitySettings />;
  }
}
