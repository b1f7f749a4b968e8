import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, helpText, loadConfig, unknownEnv, type Config } from './config';
import { serve } from './commands/serve';
import { setupCommand } from './commands/setup';
import { resetPasswordCommand } from './commands/user';
import { backupCommand, restoreCommand } from './commands/backup';
import { UsageError, processIo, type Io } from './commands/common';

/** The repository (or installed package) root: both src/ and dist/ sit at packages/server/<x>/. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function version(): string {
  const pkg = createRequire(import.meta.url)('../package.json') as { version: string };
  return pkg.version;
}

/**
 * `parley [command] [options]`. Resolves with the exit code; `serve` resolves only once the
 * server has stopped.
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io = processIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    io.out(helpText());
    return 0;
  }
  if (argv.includes('--version') || argv[0] === 'version') {
    io.out(version());
    return 0;
  }
  let cfg: Config;
  let args: string[];
  try {
    ({ config: cfg, args } = loadConfig(argv, env, ROOT));
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`parley: ${err.message}`);
      return 2;
    }
    throw err;
  }
  for (const name of unknownEnv(env)) io.err(`parley: warning: ${name} is not a Parley setting (see parley --help)`);
  const [command = 'serve', ...rest] = args;
  try {
    switch (command) {
      case 'serve':
        if (rest.length > 0) throw new UsageError(`unexpected ${rest[0]} (see parley --help)`);
        return await serve(cfg, io);
      case 'setup':
        return await setupCommand(cfg, rest, io);
      case 'user':
        if (rest[0] !== 'reset-password') throw new UsageError('usage: parley user reset-password EMAIL');
        return await resetPasswordCommand(cfg, rest.slice(1), io);
      case 'backup':
        return await backupCommand(cfg, rest, io);
      case 'restore':
        return await restoreCommand(cfg, rest, io);
      default:
        throw new UsageError(`unknown command or option ${command} (see parley --help)`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.err(`parley: ${err.message}`);
      return 2;
    }
    throw err;
  }
}
