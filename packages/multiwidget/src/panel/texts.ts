import type { ChannelKind, PanelTextId } from '@parley/protocol';

/** The panel's built-in texts are protocol's MULTIWIDGET_PANEL_TEXTS (one definition the server and console read too). */
export { MULTIWIDGET_PANEL_TEXTS as PANEL_TEXTS, type PanelTextId } from '@parley/protocol';

export const channelTextId = (kind: ChannelKind): PanelTextId => `multiwidget.channel.${kind}`;
