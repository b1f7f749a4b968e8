/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import { ICONS } from '../core/dom';
import type { Props } from './store';
import { Icon } from './icon';

export const css = `
.ix{position:absolute;inset:0;z-index:1;display:grid;place-items:center;background:#000d;padding:48px 8px 8px}
.ix img{max-width:100%;max-height:100%;object-fit:contain}
.ix .x{position:absolute;top:8px;right:8px;color:#fff}
`;

// Stable, so Preact calls it once, when the viewer appears.
const focus = (el: HTMLElement | null) => el?.focus();

/** An image attachment at full size, over the panel; Escape, the button or a click beside it closes it. */
export function Lightbox({ p }: Props) {
  const { ui, ctx } = p;
  const img = ui.image.value;
  if (!img) return null;
  const close = () => {
    ui.image.value = null;
    img.from?.focus();
  };
  return (
    <div
      class="ix"
      role="dialog"
      aria-modal="true"
      aria-label={img.name}
      onClick={(e) => e.target === e.currentTarget && close()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          close();
        }
        // One control: the focus stays on it.
        if (e.key === 'Tab') e.preventDefault();
      }}
    >
      <img src={img.src} alt={img.name} />
      <button type="button" class="x" ref={focus} aria-label={ctx.state.t.value('image.close')} onClick={close}>
        <Icon d={ICONS.close} />
      </button>
    </div>
  );
}

export { Lightbox as View };
