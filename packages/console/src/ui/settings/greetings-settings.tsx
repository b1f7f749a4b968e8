import { GREETING_TRIGGERS, LOCALES, validatePageRules, type Greeting, type GreetingTrigger } from '@parley/protocol';
import { useT } from '../context';
import { SaveBar } from './save-bar';
import { NumberField } from './number-field';
import { useSettingsDraft } from './use-settings-draft';

const MAX = 10;

function fresh(n: number): Greeting {
  return { id: `g${Date.now().toString(36)}${n}`, enabled: true, trigger: 'time', delaySeconds: 30, pages: '', everyHours: 24, text: {} };
}

/**
 * Proactive greetings: the widget offers a message by itself after some seconds on a page or when
 * the visitor is about to leave, on the pages the rules allow, once per visitor per period, never
 * while they type.
 */
export function GreetingsSettings() {
  const t = useT();
  const s = useSettingsDraft('greetings');
  const list = s.draft.value.greetings;
  const bad = list.some((g) => !validatePageRules(g.pages).ok || LOCALES.every((l) => !g.text[l]?.trim()));
  const edit = (i: number, fn: (g: Greeting) => void) => s.update((d) => fn(d.greetings[i] as Greeting));
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save(() => (bad ? t('greetings.fix') : null));
      }}
    >
      <h3>{t('settings.greetings')}</h3>
      <p class="muted">{t('greetings.hint')}</p>
      {list.length === 0 && <p class="empty">{t('greetings.none')}</p>}
      {list.map((g, i) => {
        const rules = validatePageRules(g.pages);
        return (
          <fieldset class="card" key={g.id}>
            <legend>{t('greetings.item', { n: i + 1 })}</legend>
            <label class="check">
              <input
                type="checkbox"
                checked={g.enabled}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  edit(i, (x) => {
                    x.enabled = on;
                  });
                }}
              />
              <span>{t('greetings.enabled')}</span>
            </label>
            {LOCALES.map((l) => (
              <label class="field" key={l}>
                <span>{t('greetings.text', { locale: l.toUpperCase() })}</span>
                <textarea
                  rows={2}
                  maxLength={500}
                  value={g.text[l] ?? ''}
                  onInput={(e) => {
                    const v = e.currentTarget.value;
                    edit(i, (x) => {
                      x.text[l] = v;
                    });
                  }}
                />
              </label>
            ))}
            <div class="grid-2">
              <label class="field">
                <span>{t('greetings.trigger')}</span>
                <select
                  value={g.trigger}
                  onChange={(e) => {
                    const v = e.currentTarget.value as GreetingTrigger;
                    edit(i, (x) => {
                      x.trigger = v;
                    });
                  }}
                >
                  {GREETING_TRIGGERS.map((k) => (
                    <option key={k} value={k}>
                      {t(`greetings.trigger.${k}` as const)}
                    </option>
                  ))}
                </select>
              </label>
              {g.trigger === 'time' && (
                <NumberField
                  label={t('greetings.delay')}
                  value={g.delaySeconds}
                  min={0}
                  max={3600}
                  onChange={(n) =>
                    edit(i, (x) => {
                      x.delaySeconds = n;
                    })
                  }
                />
              )}
              <NumberField
                label={t('greetings.everyHours')}
                value={g.everyHours}
                min={1}
                max={8760}
                onChange={(n) =>
                  edit(i, (x) => {
                    x.everyHours = n;
                  })
                }
              />
            </div>
            <label class="field">
              <span>{t('greetings.pages')}</span>
              <textarea
                rows={2}
                spellcheck={false}
                aria-invalid={!rules.ok}
                value={g.pages}
                onInput={(e) => {
                  const v = e.currentTarget.value;
                  edit(i, (x) => {
                    x.pages = v;
                  });
                }}
              />
            </label>
            <small class="muted">{t('greetings.pagesHint')}</small>
            {!rules.ok && (
              <p class="error small" role="alert">
                {t('filters.fixRules')}
              </p>
            )}
            <button
              type="button"
              class="btn small danger"
              onClick={() =>
                s.update((d) => {
                  d.greetings.splice(i, 1);
                })
              }
            >
              {t('greetings.remove')}
            </button>
          </fieldset>
        );
      })}
      {list.length < MAX && (
        <button
          type="button"
          class="btn"
          onClick={() =>
            s.update((d) => {
              d.greetings.push(fresh(d.greetings.length));
            })
          }
        >
          {t('greetings.add')}
        </button>
      )}
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
