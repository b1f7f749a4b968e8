import { DIALOG_VIEWS, type DialogView } from '@parley/protocol';

export const SETTINGS_SECTIONS = [
  'operators',
  'groups',
  'tags',
  'routing',
  'calls',
  'templates',
  'help',
  'widget',
  'schedule',
  'offline-form',
  'prechat',
  'greetings',
  'texts',
  'filters',
  'multiwidget',
  'crm',
  'webhooks',
  'identity',
  'channels',
  'blocked',
  'email',
  'projects',
] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export type Route =
  | { name: 'inbox'; view: DialogView; dialogId: string | null }
  | { name: 'leads' }
  | { name: 'stats' }
  | { name: 'profile' }
  | { name: 'settings'; section: SettingsSection }
  /** One-time links (the token never leaves the fragment): first-run setup, password reset. */
  | { name: 'setup'; token: string }
  | { name: 'reset'; token: string };

export const DEFAULT_ROUTE: Route = { name: 'inbox', view: 'mine', dialogId: null };
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** Routes live in the hash ("#/inbox/mine/dlg_1"), so the server serves one page and history stays ours. */
export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return '';
      }
    });
  const [head, a, b] = parts;
  if (head === 'inbox' && (DIALOG_VIEWS as readonly string[]).includes(a ?? '')) {
    return { name: 'inbox', view: a as DialogView, dialogId: b && ID.test(b) ? b : null };
  }
  if (head === 'leads' && parts.length === 1) return { name: 'leads' };
  if (head === 'stats' && parts.length === 1) return { name: 'stats' };
  if (head === 'profile' && parts.length === 1) return { name: 'profile' };
  if ((head === 'setup' || head === 'reset') && a && TOKEN.test(a) && parts.length === 2) return { name: head, token: a };
  if (head === 'settings') {
    const section = (SETTINGS_SECTIONS as readonly string[]).includes(a ?? '') ? (a as SettingsSection) : 'operators';
    return { name: 'settings', section };
  }
  return DEFAULT_ROUTE;
}

export function formatRoute(r: Route): string {
  switch (r.name) {
    case 'inbox':
      return r.dialogId ? `#/inbox/${r.view}/${encodeURIComponent(r.dialogId)}` : `#/inbox/${r.view}`;
    case 'settings':
      return `#/settings/${r.section}`;
    case 'setup':
    case 'reset':
      return `#/${r.name}/${r.token}`;
    default:
      return `#/${r.name}`;
  }
}
