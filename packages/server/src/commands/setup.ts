import { EmailSchema, MAX_NAME_LENGTH, PasswordSchema } from '@parley/protocol';
import * as v from 'valibot';
import type { Config } from '../config';
import { DomainError } from '../util/errors';
import { runSetup, setupNeeded } from '../services/setup';
import { CLI_LINK_TTL_MS, createResetToken, resetLink } from '../services/password-reset';
import { UsageError, cliBaseUrl, commandFlags, localeFlag, type Io } from './common';
import { openDataDir } from './db';

const NameSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_NAME_LENGTH));

function valid<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const r = v.safeParse(schema, value);
  if (!r.success) throw new UsageError(`${what}: ${r.issues[0]?.message ?? 'invalid'}`);
  return r.output;
}

/**
 * `parley setup --email E --name N --project P [--locale ru|en|fr] [--password-stdin]`: the
 * owner and the first project, on the machine itself (no setup link needed). Without a password
 * it prints a one-time link where the owner chooses one.
 */
export async function setupCommand(cfg: Config, args: string[], io: Io): Promise<number> {
  const { flags, operands } = commandFlags(args, { email: 'value', name: 'value', project: 'value', locale: 'value', 'password-stdin': 'flag' });
  if (operands.length > 0) throw new UsageError(`unexpected ${operands[0]} (usage: parley setup --email E --name N --project P)`);
  for (const f of ['email', 'name', 'project'])
    if (!flags.has(f)) throw new UsageError(`--${f} is required (usage: parley setup --email E --name N --project P)`);
  const email = valid(EmailSchema, flags.get('email'), '--email');
  const name = valid(NameSchema, flags.get('name'), '--name');
  const projectName = valid(NameSchema, flags.get('project'), '--project');
  const locale = localeFlag(flags.get('locale'));
  const password = flags.has('password-stdin') ? valid(PasswordSchema, (await io.readStdin()).replace(/\r?\n$/, ''), 'the password on stdin') : null;

  const storage = await openDataDir(cfg.dataDir, cfg.databaseUrl);
  try {
    if (!(await setupNeeded(storage.db))) {
      io.err('parley: this server is already set up (it has an owner). Use `parley user reset-password EMAIL` to get back in.');
      return 1;
    }
    const now = Date.now() + cfg.clockOffsetMs;
    try {
      const r = await runSetup(storage.db, cfg.dataDir, now, { email, name, password, projectName, locale });
      io.out(`Created the owner ${email} and the project "${projectName}" (id ${r.projectId}).`);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'conflict') {
        io.err('parley: this server is already set up.');
        return 1;
      }
      throw err;
    }
    if (password === null) {
      const token = await createResetToken(storage.db, email, now, CLI_LINK_TTL_MS);
      if (!token) throw new Error('the owner was not created');
      io.out(`Choose the owner's password here (valid 24 h, once): ${resetLink(cliBaseUrl(cfg), token)}`);
    } else {
      io.out(`Sign in at ${cliBaseUrl(cfg)}/console`);
    }
    return 0;
  } finally {
    await storage.close();
  }
}
