import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locale, ProjectSummary } from '@parley/protocol';
import type { Ctx } from '../context';
import type { OperatorRow } from '../storage/rows';
import type { Db } from '../storage/open';
import { randomId, safeEqual } from '../util/crypto';
import { DomainError } from '../util/errors';
import { isUniqueViolation } from '../storage/open';
import { insertOperator, operatorById, ownerExists } from '../storage/operators';
import { NO_PASSWORD, hashPassword } from '../auth/password';
import { insertNewProject, newProjectId, projectsOf } from './workspace';

/**
 * First run of a production server: nothing exists until someone proves they run the server,
 * either with the one-time token of the setup link (kept in the data dir, printed once, valid a
 * day, gone once used) or by running `parley setup` on the machine.
 */
export const SETUP_FILE = 'setup-token';
export const SETUP_TTL_MS = 24 * 3_600_000;

export async function setupNeeded(db: Db): Promise<boolean> {
  return !(await ownerExists(db));
}

interface TokenFile {
  token: string;
  expiresAt: number;
}

async function readToken(dataDir: string): Promise<TokenFile | null> {
  try {
    const t = JSON.parse(await readFile(join(dataDir, SETUP_FILE), 'utf8')) as Partial<TokenFile>;
    return typeof t.token === 'string' && typeof t.expiresAt === 'number' ? { token: t.token, expiresAt: t.expiresAt } : null;
  } catch {
    return null;
  }
}

/** The pending setup token; a new one (created: true, to be printed) when there is none or it expired. */
export async function ensureSetupToken(dataDir: string, now: number): Promise<{ token: string; expiresAt: number; created: boolean }> {
  const cur = await readToken(dataDir);
  if (cur && cur.expiresAt > now) return { ...cur, created: false };
  const next = { token: randomId(24), expiresAt: now + SETUP_TTL_MS };
  await writeFile(join(dataDir, SETUP_FILE), JSON.stringify(next), { mode: 0o600 });
  return { ...next, created: true };
}

export async function removeSetupToken(dataDir: string): Promise<void> {
  await rm(join(dataDir, SETUP_FILE), { force: true });
}

export async function checkSetupToken(dataDir: string, token: string, now: number): Promise<boolean> {
  const cur = await readToken(dataDir);
  return cur !== null && cur.expiresAt > now && safeEqual(cur.token, token);
}

export function setupLink(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/console/#/setup/${token}`;
}

export interface SetupInput {
  email: string;
  name: string;
  /** null: the owner chooses it later through a one-time link. */
  password: string | null;
  projectName: string;
  locale: Locale;
}

/** Creates the owner and the first project, once: refused (conflict) when an owner exists. */
export async function runSetup(db: Db, dataDir: string, now: number, input: SetupInput): Promise<{ operatorId: string; projectId: string }> {
  const hash = input.password === null ? NO_PASSWORD : await hashPassword(input.password);
  const operatorId = randomId();
  const projectId = newProjectId(input.projectName);
  try {
    await db.transaction().execute(async (trx) => {
      // Checked inside the transaction: two setups at once make one owner.
      if (await ownerExists(trx)) throw new DomainError('conflict', { detail: 'already set up' });
      await insertOperator(trx, {
        id: operatorId,
        email: input.email,
        name: input.name,
        password_hash: hash,
        status: 'online',
        avatar_file: null,
        workspace_role: 'owner',
        created_at: now,
        deleted_at: null,
      });
      await insertNewProject(trx, { id: projectId, name: input.projectName, locale: input.locale, now });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('conflict', { fields: ['email'] });
    throw err;
  }
  await removeSetupToken(dataDir);
  return { operatorId, projectId };
}

/** The setup page: with the link's token, once. The caller signs the new owner in. */
export async function setupWithToken(
  ctx: Ctx,
  body: { token: string; email: string; name: string; password: string; projectName: string; locale?: Locale | undefined },
): Promise<{ op: OperatorRow; project: ProjectSummary }> {
  if (!(await setupNeeded(ctx.db))) throw new DomainError('conflict', { detail: 'already set up' });
  if (!(await checkSetupToken(ctx.paths.data, body.token, ctx.now())))
    throw new DomainError('forbidden', { detail: 'the setup link is unknown, used or expired' });
  const r = await runSetup(ctx.db, ctx.paths.data, ctx.now(), {
    email: body.email,
    name: body.name,
    password: body.password,
    projectName: body.projectName,
    locale: body.locale ?? 'ru',
  });
  const op = await operatorById(ctx.db, r.operatorId);
  const project = op ? (await projectsOf(ctx, op))[0] : undefined;
  if (!op || !project) throw new Error('setup left no owner or project');
  return { op, project };
}

export async function isSetupNeeded(ctx: Ctx): Promise<boolean> {
  return setupNeeded(ctx.db);
}
