import type { FormMessage } from './use-submit';

/** A form's outcome: a polite status on success, an alert on failure. */
export function FormMessageLine({ msg, block = false }: { msg: FormMessage | null; block?: boolean }) {
  if (!msg) return null;
  const props = { class: `${msg.ok ? 'ok' : 'error'} selectable`, role: msg.ok ? ('status' as const) : ('alert' as const) };
  return block ? <p {...props}>{msg.text}</p> : <span {...props}>{msg.text}</span>;
}
