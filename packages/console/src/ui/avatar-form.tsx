import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { errorText } from '@parley/protocol';
import { checkAvatar } from '../lib/avatar-check';
import { useApp, useT, useWorkspace } from './context';
import { Avatar } from './avatar';

/** Square PNG or JPG, 200–1500 px: checked here for a quick answer, and by the server for real. */
export function AvatarForm() {
  const ws = useWorkspace();
  const { i18n } = useApp();
  const t = useT();
  const file = useRef<HTMLInputElement>(null);
  const msg = useSignal<{ ok: boolean; text: string } | null>(null);
  const busy = useSignal(false);
  const me = ws.session.me.value;
  if (!me) return null;

  async function upload(f: File) {
    msg.value = null;
    busy.value = true;
    try {
      const local = await checkAvatar(f);
      if (local === 'invalid') {
        msg.value = { ok: false, text: errorText('image_invalid', i18n.locale.value) };
        return;
      }
      ws.session.update(await ws.api.uploadAvatar(f));
      msg.value = { ok: true, text: t('form.saved') };
    } catch (e) {
      msg.value = { ok: false, text: ws.errorText(e) };
    } finally {
      busy.value = false;
    }
  }

  return (
    <div class="avatar-form">
      <Avatar name={me.name} url={me.avatarUrl} size="lg" />
      <div>
        <p class="muted">{t('profile.avatarHint')}</p>
        <input
          ref={file}
          type="file"
          accept="image/png,image/jpeg"
          hidden
          id="avatar-file"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f) void upload(f);
          }}
        />
        <button type="button" class="btn" disabled={busy.value} onClick={() => file.current?.click()}>
          {t('profile.avatarUpload')}
        </button>
        {msg.value && (
          <p class={msg.value.ok ? 'ok' : 'error'} role={msg.value.ok ? 'status' : 'alert'}>
            {msg.value.text}
          </p>
        )}
      </div>
    </div>
  );
}
