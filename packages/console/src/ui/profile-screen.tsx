import { useT, useWorkspace } from './context';
import { ProfileForm } from './profile-form';
import { EmailForm } from './email-form';
import { AvatarForm } from './avatar-form';
import { PasswordForm } from './password-form';
import { StatusSwitch } from './status-switch';
import { LanguageSelect } from './language-select';
import { NotificationSettings } from './notification-settings';

export function ProfileScreen() {
  const ws = useWorkspace();
  const t = useT();
  const me = ws.session.me.value;
  if (!me) return null;
  return (
    <div class="page">
      <h2>{t('profile.title')}</h2>
      <section class="card">
        <h3>{t('profile.details')}</h3>
        <p class="muted">
          {me.email} · {t(`role.${me.role}` as const)}
        </p>
        <ProfileForm />
        <EmailForm />
      </section>
      <section class="card">
        <h3>{t('profile.avatar')}</h3>
        <AvatarForm />
      </section>
      <section class="card">
        <h3>{t('profile.status')}</h3>
        <p class="muted">{t('profile.statusHint')}</p>
        <StatusSwitch />
      </section>
      <section class="card">
        <h3>{t('profile.preferences')}</h3>
        <LanguageSelect />
        <NotificationSettings />
      </section>
      <section class="card">
        <h3>{t('profile.password')}</h3>
        <PasswordForm />
      </section>
      <button type="button" class="btn danger" onClick={() => void ws.session.logout()}>
        {t('profile.logout')}
      </button>
    </div>
  );
}
