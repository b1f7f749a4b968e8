import type { Template } from '@parley/protocol';
import { preview } from '../lib/format';
import { useT } from './context';

/** Templates offered for the ".shortcut" being typed; the composer keeps focus (aria-activedescendant). */
export function ShortcutMenu({
  id,
  templates,
  active,
  onPick,
  onHover,
}: {
  id: string;
  templates: readonly Template[];
  active: number;
  onPick(t: Template): void;
  onHover(i: number): void;
}) {
  const t = useT();
  return (
    <ul class="popover shortcut-menu" id={id} role="listbox" aria-label={t('composer.shortcuts')}>
      {templates.map((tpl, i) => (
        <li
          key={tpl.id}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          class={i === active ? 'active' : ''}
          onMouseDown={(e) => {
            // Keep the composer focused: pick on mousedown, before the textarea would blur.
            e.preventDefault();
            onPick(tpl);
          }}
          onMouseEnter={() => onHover(i)}
        >
          {tpl.shortcut && <span class="shortcut">.{tpl.shortcut}</span>}
          <span class="tpl-title">{tpl.title}</span>
          <span class="tpl-text">{preview(tpl.text, 80)}</span>
        </li>
      ))}
    </ul>
  );
}
