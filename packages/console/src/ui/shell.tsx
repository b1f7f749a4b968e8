import { useT, useWorkspace } from './context';
import { NavRail } from './nav-rail';
import { Inbox } from './inbox';
import { LeadsScreen } from './leads-screen';
import { ProfileScreen } from './profile-screen';
import { SettingsLoader } from './settings-loader';
import { Toasts } from './toasts';
import { ConnectionBanner } from './connection-banner';
import { Shortcuts } from './shortcuts';
import { WelcomeBanner } from './welcome-banner';
import { AlertsBanner } from './alerts-banner';
import { StatisticsLoader } from './statistics-loader';
import { CallDock } from './call-buttons';

/** Signed-in layout: navigation, the routed screen, notifications. */
export function Shell() {
  const ws = useWorkspace();
  const t = useT();
  const route = ws.router.route.value;
  let screen;
  switch (route.name) {
    case 'inbox':
      screen = <Inbox view={route.view} dialogId={route.dialogId} />;
      break;
    case 'leads':
      screen = <LeadsScreen />;
      break;
    case 'stats':
      screen = <StatisticsLoader />;
      break;
    case 'profile':
      screen = <ProfileScreen />;
      break;
    case 'settings':
      // Operators: the knowledge base only, where the project lets them write articles (issue 19).
      screen =
        ws.isAdmin.value || (route.section === 'help' && ws.project.info.value?.settings.help.operatorsWrite) ? (
          <SettingsLoader section={route.section} />
        ) : (
          <p class="empty">{t('settings.adminsOnly')}</p>
        );
      break;
  }
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <NavRail />
      <main class="main" id="main" tabIndex={-1}>
        <ConnectionBanner />
        <WelcomeBanner />
        <AlertsBanner />
        {screen}
      </main>
      <CallDock />
      <Toasts />
      <Shortcuts />
    </div>
  );
}
