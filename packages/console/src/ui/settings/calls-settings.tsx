import * as v from 'valibot';
import { IceServerSchema } from '@parley/protocol';
import { useT } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';

/** Calls on or off, and the STUN/TURN servers the two browsers of a call use. */
export function CallsSettings() {
  const t = useT();
  const s = useSettingsDraft('calls');
  const d = s.draft.value.calls;
  const check = () => {
    const bad = d.iceServers.findIndex((x) => !v.is(IceServerSchema, x));
    return bad >= 0 ? t('calls.badUrl', { n: bad + 1 }) : null;
  };
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save(check);
      }}
    >
      <h3>{t('settings.calls')}</h3>
      <p class="muted small">{t('calls.hint')}</p>
      <label class="check">
        <input
          type="checkbox"
          checked={d.enabled}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            s.update((x) => {
              x.calls.enabled = on;
            });
          }}
        />
        <span>{t('calls.enabled')}</span>
      </label>
      <fieldset>
        <legend>{t('calls.ice')}</legend>
        <p class="muted small">{t('calls.iceHint')}</p>
        {d.iceServers.map((server, i) => (
          <div class="card" key={i} role="group" aria-label={`${t('calls.ice')} ${i + 1}`}>
            <label class="field">
              <span>{t('calls.urls')}</span>
              <textarea
                rows={2}
                value={server.urls.join('\n')}
                onInput={(e) => {
                  const urls = e.currentTarget.value
                    .split('\n')
                    .map((u) => u.trim())
                    .filter(Boolean);
                  s.update((x) => {
                    x.calls.iceServers[i]!.urls = urls;
                  });
                }}
              />
            </label>
            <label class="field">
              <span>{t('calls.username')}</span>
              <input
                value={server.username ?? ''}
                autocomplete="off"
                onInput={(e) => {
                  const val = e.currentTarget.value;
                  s.update((x) => {
                    if (val) x.calls.iceServers[i]!.username = val;
                    else delete x.calls.iceServers[i]!.username;
                  });
                }}
              />
            </label>
            <label class="field">
              <span>{t('calls.credential')}</span>
              <input
                type="password"
                value={server.credential ?? ''}
                autocomplete="new-password"
                onInput={(e) => {
                  const val = e.currentTarget.value;
                  s.update((x) => {
                    if (val) x.calls.iceServers[i]!.credential = val;
                    else delete x.calls.iceServers[i]!.credential;
                  });
                }}
              />
            </label>
            <button
              type="button"
              class="btn small"
              onClick={() =>
                s.update((x) => {
                  x.calls.iceServers.splice(i, 1);
                })
              }
            >
              {t('calls.remove')}
            </button>
          </div>
        ))}
        {d.iceServers.length < 8 && (
          <button
            type="button"
            class="btn"
            onClick={() =>
              s.update((x) => {
                x.calls.iceServers.push({ urls: [] });
              })
            }
          >
            {t('calls.add')}
          </button>
        )}
      </fieldset>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
