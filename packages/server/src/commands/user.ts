import { EmailSchema } from '@parley/protocol';
import * as v from 'valibot';
import type { Config } from '../config';
import { CLI_LINK_TTL_MS, createResetToken, resetLink } from '../services/password-reset';
import { UsageError, cliBaseUrl, type Io } from './common';
import { hasDatabase, openDataDir } from './db';

/** `parley user reset-password EMAIL`: a one-time link (24 h) that sets a new password, for servers without mail. */
export async function resetPasswordCommand(cfg: Config, args: string[], io: Io): Promise<number> {
  if (args.length !== 1) throw new UsageError('usage: parley user reset-password EMAIL');
  const email = v.safeParse(EmailSchema, args[0]);
  if (!email.success) throw new UsageError(`${args[0]} is not an email address`);
  if (!hasDatabase(cfg.dataDir, cfg.databaseUrl)) throw new UsageError(`no database in ${cfg.dataDir} (set PARLEY_DATA_DIR or --data-dir)`);
  const storage = await openDataDir(cfg.dataDir, cfg.databaseUrl);
  try {
    const token = await createResetToken(storage.db, email.output, Date.now() + cfg.clockOffsetMs, CLI_LINK_TTL_MS);
    if (!token) {
      io.err(`parley: no account with the email ${email.output}`);
      return 1;
    }
    io.out(`One-time link to set a new password for ${email.output} (valid 24 h): ${resetLink(cliBaseUrl(cfg), token)}`);
    return 0;
  } finally {
    await storage.close();
  }
}
