import { useT } from '../context';
import { ProjectNameForm } from './project-name-form';
import { AppearanceForm } from './appearance-form';
import { AttachmentsForm } from './attachments-form';
import { RatingRetentionForm } from './rating-retention-form';
import { SoundForm } from './sound-form';
import { StorageUsage } from './storage-usage';

/** The chat widget: name, look, files, rating and how long history is kept. */
export function WidgetSettings() {
  const t = useT();
  return (
    <section>
      <h3>{t('settings.widget')}</h3>
      <ProjectNameForm />
      <AppearanceForm />
      <AttachmentsForm />
      <SoundForm />
      <StorageUsage />
      <RatingRetentionForm />
    </section>
  );
}
