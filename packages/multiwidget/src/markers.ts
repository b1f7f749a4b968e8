import type { ChannelEntry } from './channels';

/**
 * Host-page hooks for site owners' scripts (the seed's
 * `document.querySelector('.roistat-multiwidget-pulsator-popup-item-chat').addEventListener('click', …)`).
 *
 * The channel list lives in a shadow root, out of `document.querySelector`'s reach, and is only
 * built on first open. So the host element carries one light-DOM element per offered channel,
 * `<span class="parley-multiwidget-item parley-multiwidget-item-<kind>" data-channel data-index>`,
 * present as soon as the channels are known. They are not slotted, so they never render or take
 * focus; when the visitor chooses a channel in the list, the multiwidget dispatches a bubbling
 * `click` on its element, so listeners on it (or delegated ones on document) run, with
 * `event.target` the element.
 */
export interface Markers {
  sync(channels: readonly ChannelEntry[]): void;
  click(entry: ChannelEntry): void;
  destroy(): void;
}

export function createMarkers(host: HTMLElement): Markers {
  let nodes = new Map<string, HTMLElement>();
  const key = (c: ChannelEntry) => `${c.index}:${c.kind}`;
  const destroy = () => nodes.forEach((n) => n.remove());
  return {
    sync(channels) {
      // Elements of channels still offered are kept (listeners stay attached); the rest go.
      const next = new Map<string, HTMLElement>();
      for (const c of channels) {
        let node = nodes.get(key(c));
        if (!node) {
          node = document.createElement('span');
          node.className = `parley-multiwidget-item parley-multiwidget-item-${c.kind}`;
          node.dataset.channel = c.kind;
          node.dataset.index = String(c.index);
        }
        nodes.delete(key(c));
        next.set(key(c), node);
        host.append(node);
      }
      destroy();
      nodes = next;
    },
    click(entry) {
      nodes.get(key(entry))?.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    },
    destroy,
  };
}
