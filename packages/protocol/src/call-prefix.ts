/**
 * Call frames (calls.ts) are told apart from a socket's other frames by their `call.` prefix. In a
 * module of its own: the widget's chat chunk needs only this, and its call chunk the rest.
 */
export function isCallFrameType(type: unknown): boolean {
  return typeof type === 'string' && type.startsWith('call.');
}
