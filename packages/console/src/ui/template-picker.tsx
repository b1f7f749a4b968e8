import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { Template } from '@parley/protocol';
import { preview } from '../lib/format';
import { searchTemplates } from '../lib/templates';
import { useT, useWorkspace } from './context';

/** Quick answers: search by title and by words in the text, pick with Enter or a click. */
export function TemplatePicker({ onPick, onClose }: { onPick(t: Template): void; onClose(): void }) {
  const ws = useWorkspace();
  const t = useT();
  const q = useSignal('');
  const active = useSignal(0);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => search.current?.focus(), []);
  const found = searchTemplates(ws.templates.list.value, q.value);
  const idx = Math.min(active.value, Math.max(0, found.length - 1));

  return (
    <div
      class="popover template-picker"
      role="dialog"
      aria-label={t('composer.templates')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <label class="field">
        <span class="sr-only">{t('templates.search')}</span>
        <input
          ref={search}
          type="search"
          placeholder={t('templates.search')}
          value={q.value}
          role="combobox"
          aria-expanded={true}
          aria-controls="template-results"
          aria-autocomplete="list"
          aria-activedescendant={found.length ? `template-${idx}` : undefined}
          onInput={(e) => {
            q.value = e.currentTarget.value;
            active.value = 0;
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              active.value = Math.min(found.length - 1, idx + 1);
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              active.value = Math.max(0, idx - 1);
            } else if (e.key === 'Enter') {
              e.preventDefault();
              const tpl = found[idx];
              if (tpl) onPick(tpl);
            }
          }}
        />
      </label>
      {found.length === 0 ? (
        <p class="empty small">{ws.templates.list.value.length === 0 ? t('templates.none') : t('templates.noMatch')}</p>
      ) : (
        <ul id="template-results" role="listbox" aria-label={t('composer.templates')}>
          {found.map((tpl, i) => (
            <li
              key={tpl.id}
              id={`template-${i}`}
              role="option"
              aria-selected={i === idx}
              class={i === idx ? 'active' : ''}
              onClick={() => onPick(tpl)}
              onMouseEnter={() => {
                active.value = i;
              }}
            >
              <span class="tpl-title">{tpl.title}</span>
              {tpl.shortcut && <span class="shortcut">.{tpl.shortcut}</span>}
              <span class="tpl-text">{preview(tpl.text, 120)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
