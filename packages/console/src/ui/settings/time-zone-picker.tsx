import { useSignal } from '@preact/signals';
import { useId } from 'preact/hooks';
import { isValidTimeZone } from '@parley/protocol';
import { useT } from '../context';

const ZONES: readonly string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
const MAX_SHOWN = 40;

/** Matches "paris", "new york", "america/new_y": words of the zone id, in any case. */
export function matchZones(query: string, zones: readonly string[] = ZONES): string[] {
  const words = query.toLowerCase().replace(/[_/]/g, ' ').split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...zones];
  return zones.filter((z) => {
    const hay = z.toLowerCase().replace(/[_/]/g, ' ');
    return words.every((w) => hay.includes(w));
  });
}

/**
 * A searchable list of the IANA zones the browser knows (Intl.supportedValuesOf('timeZone')):
 * type to filter, arrows to move, Enter to pick. Only a real zone can be chosen.
 */
export function TimeZonePicker({ value, onChange, label }: { value: string; onChange(zone: string): void; label: string }) {
  const t = useT();
  const id = useId();
  const query = useSignal(value);
  const open = useSignal(false);
  const active = useSignal(0);
  const list = matchZones(query.value === value ? '' : query.value).slice(0, MAX_SHOWN);
  const pick = (zone: string) => {
    onChange(zone);
    query.value = zone;
    open.value = false;
  };
  return (
    <div class="field tz-picker">
      <label for={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open.value}
        aria-controls={`${id}-list`}
        aria-activedescendant={open.value && list[active.value] ? `${id}-${active.value}` : undefined}
        autocomplete="off"
        aria-invalid={!isValidTimeZone(value) ? 'true' : undefined}
        value={query.value}
        onFocus={() => {
          open.value = true;
        }}
        onInput={(e) => {
          query.value = e.currentTarget.value;
          active.value = 0;
          open.value = true;
        }}
        onBlur={() => {
          setTimeout(() => {
            open.value = false;
            query.value = value;
          }, 150);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            open.value = true;
            active.value = Math.max(0, Math.min(list.length - 1, active.value + (e.key === 'ArrowDown' ? 1 : -1)));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const zone = list[active.value];
            if (open.value && zone) pick(zone);
          } else if (e.key === 'Escape') {
            open.value = false;
            query.value = value;
          }
        }}
      />
      {open.value && (
        <ul class="popover tz-list" id={`${id}-list`} role="listbox" aria-label={label}>
          {list.length === 0 && (
            <li class="muted small" role="presentation">
              {t('tz.none')}
            </li>
          )}
          {list.map((z, i) => (
            <li
              key={z}
              id={`${id}-${i}`}
              role="option"
              aria-selected={z === value}
              class={i === active.value ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(z);
              }}
            >
              {z.replace(/_/g, ' ')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
