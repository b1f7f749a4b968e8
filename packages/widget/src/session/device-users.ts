import type { Storage } from '../core/storage';
import { ANONYMOUS, forgetIdentity } from '../core/storage';

/** Which signed-in identities have data on this device, per project (so others can be forgotten). */
const registry = (project: string) => `u:${project}`;

/**
 * A shared device keeps the data of one signed-in user at most: once the server has verified
 * `who` here, every other signed-in identity's token, outbox and cache of this project go, so a
 * user switch without logout leaves nothing of the previous user behind.
 */
export async function claimDevice(storage: Storage, project: string, who: string): Promise<void> {
  if (who === ANONYMOUS) return;
  const known = await storage.get<unknown>(registry(project));
  const others = Array.isArray(known) ? known.filter((w): w is string => typeof w === 'string' && w !== who && w !== ANONYMOUS) : [];
  await Promise.all(others.map((o) => forgetIdentity(storage, project, o)));
  await storage.set(registry(project), [who]);
}
