import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

export interface SearchPickerProps<T> {
  /** The popover's name (and its list's). */
  label: string;
  /** The search box's name and placeholder. */
  searchLabel: string;
  /** Ids of the list and its options (`${idPrefix}-results`, `${idPrefix}-0`, …): unique on the page. */
  idPrefix: string;
  /** What matches the query, in order. */
  search(q: string): T[];
  /** Shown when nothing matches (null while the items are still loading: nothing shown). */
  empty: string | null;
  itemKey(item: T): string;
  renderItem(item: T): ComponentChildren;
  onPick(item: T): void;
  onClose(): void;
}

/**
 * The composer's search-and-pick popovers (templates, knowledge base articles): a focused search
 * box as a combobox, arrows move the active option, Enter or a click picks, Escape closes.
 */
export function SearchPicker<T>(p: SearchPickerProps<T>) {
  const q = useSignal('');
  const active = useSignal(0);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => search.current?.focus(), []);
  const found = p.search(q.value);
  const idx = Math.min(active.value, Math.max(0, found.length - 1));

  return (
    <div
      class="popover template-picker"
      role="dialog"
      aria-label={p.label}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          p.onClose();
        }
      }}
    >
      <label class="field">
        <span class="sr-only">{p.searchLabel}</span>
        <input
          ref={search}
          type="search"
          placeholder={p.searchLabel}
          value={q.value}
          role="combobox"
          aria-expanded={true}
          aria-controls={`${p.idPrefix}-results`}
          aria-autocomplete="list"
          aria-activedescendant={found.length ? `${p.idPrefix}-${idx}` : undefined}
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
              const item = found[idx];
              if (item !== undefined) p.onPick(item);
            }
          }}
        />
      </label>
      {found.length === 0 ? (
        p.empty !== null && <p class="empty small">{p.empty}</p>
      ) : (
        <ul id={`${p.idPrefix}-results`} role="listbox" aria-label={p.label}>
          {found.map((item, i) => (
            <li
              key={p.itemKey(item)}
              id={`${p.idPrefix}-${i}`}
              role="option"
              aria-selected={i === idx}
              class={i === idx ? 'active' : ''}
              onClick={() => p.onPick(item)}
              onMouseEnter={() => {
                active.value = i;
              }}
            >
              {p.renderItem(item)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
