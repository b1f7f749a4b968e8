/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import type { Props } from './store';

/**
 * The emoji picker (issue 13: native emoji, a small picker loaded only when opened). Common native
 * emoji in a grid; the system's emoji font draws them (the panel's font stack names the colour
 * emoji fonts). Arrow keys, Home and End move in the grid, Enter or a click inserts at the caret,
 * Escape closes; the focus goes back to the message field.
 */
const EMOJI =
  '😀 😁 😂 🤣 😅 😊 🙂 😉 😍 😘 😋 😎 🤩 🥳 🤗 🤔 😐 🙄 😏 😌 😴 😬 😳 🥺 😢 😭 😤 😡 😱 🙈 🤷 🤦 👍 👎 👌 ✌️ 🤞 👏 🙌 🙏 💪 👋 🤝 👀 ❤️ 💔 💯 🔥 ✨ ⭐ 🎉 🎁 🎂 ☕ 🌹 ☀️ ✅ ❌ ❓ ❗ 💡 💬 📦 🚚 💳 🛒 📞 📧 ⏰ 📅 🏠 🚀'.split(
    ' ',
  );
const COLS = 8;

export const css = `
.cm{position:relative}
.ej{position:absolute;bottom:100%;left:8px;right:8px;z-index:1;display:grid;grid-template-columns:repeat(${COLS},1fr);gap:2px;max-height:204px;overflow-y:auto;padding:6px;background:var(--bg);border:1px solid var(--bd);border-radius:12px;box-shadow:0 4px 14px #0003}
.ej button{all:unset;display:grid;place-items:center;height:36px;border-radius:8px;font-size:22px;cursor:pointer}
.ej button:hover,.ej button:focus-visible{background:var(--bb)}
`;

// Stable, so Preact calls it once, when the picker appears: the focus moves into the grid.
const focusFirst = (el: HTMLElement | null) => el?.querySelector('button')?.focus();

export function EmojiPicker({ p }: Props) {
  const { ui, ctx } = p;
  const close = () => {
    ui.emoji.value = false;
    ui.els.input?.focus();
  };
  const insert = (emoji: string) => {
    const input = ui.els.input;
    // The field keeps its selection while the picker has the focus: the emoji replaces it.
    if (input && (input.maxLength < 0 || input.value.length + emoji.length <= input.maxLength)) {
      input.setRangeText(emoji, input.selectionStart, input.selectionEnd, 'end');
      // As if typed: the draft, the typing indicator and the field's height follow.
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    close();
  };
  return (
    <div
      ref={focusFirst}
      id="parley-emoji"
      class="ej"
      role="group"
      aria-label={ctx.state.t.value('composer.emoji')}
      onKeyDown={(e) => {
        const items = [...e.currentTarget.querySelectorAll('button')];
        const at = items.indexOf(e.target as HTMLButtonElement);
        const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -COLS, ArrowDown: COLS, Home: -at, End: items.length }[e.key];
        if (e.key === 'Escape') {
          // The picker closes, not the panel.
          e.stopPropagation();
          close();
        } else if (step !== undefined && at >= 0) {
          e.preventDefault();
          const next = items[Math.max(0, Math.min(items.length - 1, at + step))]!;
          // One stop for Tab: the emoji last moved to.
          items[at]!.tabIndex = -1;
          next.tabIndex = 0;
          next.focus();
        }
      }}
      // A click inside moves no focus (Safari would blur the picker, closing it before the click lands).
      onMouseDown={(e) => e.preventDefault()}
      // Focus gone elsewhere (a click outside, Tab): the picker closes and leaves the focus there.
      onFocusOut={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) ui.emoji.value = false;
      }}
    >
      {EMOJI.map((emoji, i) => (
        <button key={emoji} type="button" tabIndex={i ? -1 : 0} onClick={() => insert(emoji)}>
          {emoji}
        </button>
      ))}
    </div>
  );
}

export { EmojiPicker as View };
