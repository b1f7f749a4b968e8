import { CHANNEL_KINDS, type ChannelKind } from '@parley/protocol';
import type { ChannelEntry } from './channels';

/**
 * Host-page hooks for site owners' scripts (the seed's
 * `document.querySelector('.roistat-multiwidget-pulsator-popup-item-chat').addEventListener('click', …)`;
 * ours is `.parley-multiwidget-item-chat`).
 *
 * The channel list lives in a shadow root, out of `document.querySelector`'s reach, and is only
 * built on first open. So the host element carries light-DOM elements, one per channel kind from
 * the moment multiwidget.js runs (`<span class="parley-multiwidget-item-<kind>">`), before the
 * config says which channels are offered. An offered channel's element also gets the class
 * `parley-multiwidget-item`, `data-channel` and `data-index` (a second channel of one kind gets an
 * element of its own). They are not slotted, so they never render or take focus; when the visitor
 * chooses a channel in the list, the multiwidget dispatches a bubbling `click` on its element, so
 * listeners on it (or delegated ones on document) run, with `event.target` the element. Elements
 * are kept while their channel is offered, and the first one of each kind always, so listeners
 * attached early stay attached.
 */
export interface Markers {
  sync(channels: readonly ChannelEntry[]): void;
  click(entry: ChannelEntry): void;
  destroy(): void;
}

const ITEM = 'parley-multiwidget-item';

export function createMarkers(host: HTMLElement): Markers {
  const span = (kind: ChannelKind) => {
    const node = document.createElement('span');
    node.className = `${ITEM}-${kind}`;
    host.append(node);
    return node;
  };
  const first = new Map<ChannelKind, HTMLElement>(CHANNEL_KINDS.map((k) => [k, span(k)]));
  let nodes = new Map<string, HTMLElement>();
  const key = (c: ChannelEntry) => `${c.index}:${c.kind}`;
  return {
    sync(channels) {
      const next = new Map<string, HTMLElement>();
      const used = new Set<HTMLElement>();
      for (const c of channels) {
        let node = nodes.get(key(c));
        if (!node || used.has(node)) {
          const f = first.get(c.kind);
          node = f && !used.has(f) && ![...next.values()].includes(f) ? f : span(c.kind);
        }
        used.add(node);
        node.classList.add(ITEM);
        node.dataset.channel = c.kind;
        node.dataset.index = String(c.index);
        next.set(key(c), node);
        // Document order follows the list's order.
        host.append(node);
      }
      const firsts = new Set(first.values());
      for (const n of [...nodes.values(), ...firsts]) {
        if (used.has(n)) continue;
        if (!firsts.has(n)) {
          n.remove();
          continue;
        }
        n.classList.remove(ITEM);
        delete n.dataset.channel;
        delete n.dataset.index;
      }
      nodes = next;
    },
    click(entry) {
      nodes.get(key(entry))?.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    },
    destroy() {
      for (const n of [...nodes.values(), ...first.values()]) n.remove();
    },
  };
}
