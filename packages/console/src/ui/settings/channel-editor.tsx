import { CHANNEL_KINDS, DEVICE_TYPES, LOCALES, validatePageRules, type ChannelKind, type ChannelSettings, type FilterDeviceType } from '@parley/protocol';
import { useT } from '../context';
import { Field } from '../field';

interface Props {
  channel: ChannelSettings;
  index: number;
  count: number;
  onChange(fn: (c: ChannelSettings) => void): void;
  onMove(dir: -1 | 1): void;
  onRemove(): void;
}

/** One way to reach the business in the multiwidget. */
export function ChannelEditor({ channel: c, index, count, onChange, onMove, onRemove }: Props) {
  const t = useT();
  const needsTarget = c.kind !== 'chat' && c.kind !== 'callback';
  const rules = c.pageFilter?.rules ?? '';
  const ruleCheck = validatePageRules(rules);
  return (
    <div class="channel" role="group" aria-label={t('multiwidget.channel', { n: index + 1 })}>
      <div class="grid-2">
        <label class="field">
          <span>{t('multiwidget.kind')}</span>
          <select
            aria-label={t('multiwidget.kind')}
            value={c.kind}
            onChange={(e) => {
              const k = e.currentTarget.value as ChannelKind;
              onChange((x) => {
                x.kind = k;
              });
            }}
          >
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`channel.${k}` as const)}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={c.enabled}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              onChange((x) => {
                x.enabled = on;
              });
            }}
          />
          <span>{t('multiwidget.channelEnabled')}</span>
        </label>
        {needsTarget && (
          <Field label={t('multiwidget.target')} hint={t('multiwidget.targetHint')}>
            <input
              type="text"
              maxLength={500}
              value={c.target}
              onInput={(e) => {
                const v = e.currentTarget.value;
                onChange((x) => {
                  x.target = v;
                });
              }}
            />
          </Field>
        )}
        {needsTarget && (
          <label class="field">
            <span>{t('multiwidget.text')}</span>
            <input
              type="text"
              maxLength={500}
              value={c.text ?? ''}
              onInput={(e) => {
                const v = e.currentTarget.value;
                onChange((x) => {
                  x.text = v || undefined;
                });
              }}
            />
          </label>
        )}
      </div>
      {LOCALES.map((l) => (
        <label class="field" key={l}>
          <span>{t('multiwidget.label', { lang: l.toUpperCase() })}</span>
          <input
            type="text"
            maxLength={80}
            value={c.label?.[l] ?? ''}
            onInput={(e) => {
              const v = e.currentTarget.value;
              onChange((x) => {
                x.label = { ...(x.label ?? {}), [l]: v || undefined };
              });
            }}
          />
        </label>
      ))}
      <div class="checks">
        {needsTarget && (
          <label class="check">
            <input
              type="checkbox"
              checked={!!c.passRef}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                onChange((x) => {
                  x.passRef = on;
                });
              }}
            />
            <span>{t('multiwidget.passRef')}</span>
          </label>
        )}
        {needsTarget && (
          <label class="check">
            <input
              type="checkbox"
              checked={!!c.qrOnDesktop}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                onChange((x) => {
                  x.qrOnDesktop = on;
                });
              }}
            />
            <span>{t('multiwidget.qr')}</span>
          </label>
        )}
        <label class="check">
          <input
            type="checkbox"
            checked={!!c.followSchedule}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              onChange((x) => {
                x.followSchedule = on;
              });
            }}
          />
          <span>{t('multiwidget.followSchedule')}</span>
        </label>
      </div>
      <details>
        <summary>{t('multiwidget.where')}</summary>
        <label class="check">
          <input
            type="checkbox"
            checked={!!c.pageFilter?.enabled}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              onChange((x) => {
                x.pageFilter = { enabled: on, rules: x.pageFilter?.rules ?? '' };
              });
            }}
          />
          <span>{t('filters.usePageFilter')}</span>
        </label>
        <label class="field">
          <span>{t('filters.pages')}</span>
          <textarea
            rows={3}
            spellcheck={false}
            value={rules}
            aria-invalid={!ruleCheck.ok}
            onInput={(e) => {
              const r = e.currentTarget.value;
              onChange((x) => {
                x.pageFilter = { enabled: x.pageFilter?.enabled ?? true, rules: r };
              });
            }}
          />
        </label>
        {!ruleCheck.ok && (
          <ul class="error-list">
            {ruleCheck.errors.map((er, i) => (
              <li key={i} class="error small">
                <code>{er.entry}</code>: {t(`rule.${er.reason}` as const)}
              </li>
            ))}
          </ul>
        )}
        {DEVICE_TYPES.map((dt) => (
          <label class="check" key={dt}>
            <input
              type="checkbox"
              checked={!!c.devices?.includes(dt)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                onChange((x) => {
                  const cur = x.devices ?? [];
                  x.devices = on ? [...new Set<FilterDeviceType>([...cur, dt])] : cur.filter((d) => d !== dt);
                });
              }}
            />
            <span>{t(`device.${dt}` as const)}</span>
          </label>
        ))}
      </details>
      <div class="row-actions">
        <button type="button" class="btn small" disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('multiwidget.up')}>
          ↑
        </button>
        <button type="button" class="btn small" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={t('multiwidget.down')}>
          ↓
        </button>
        <button type="button" class="btn small danger" onClick={onRemove}>
          {t('action.remove')}
        </button>
      </div>
    </div>
  );
}
