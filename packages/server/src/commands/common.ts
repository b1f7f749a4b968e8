import { LOCALES, type Locale } from '@parley/protocol';
import type { Config } from '../config';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Everything on standard input (for --password-stdin). */
  readStdin(): Promise<string>;
}

export const processIo: Io = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

export class UsageError extends Error {}

/** `--name value` / `--name=value` / `--flag` for a command's own options; anything else is an operand. */
export function commandFlags(args: readonly string[], known: Record<string, 'value' | 'flag'>): { flags: Map<string, string>; operands: string[] } {
  const flags = new Map<string, string>();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--')) {
      operands.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    const kind = known[name];
    if (!kind) throw new UsageError(`unknown option --${name} (see parley --help)`);
    if (kind === 'flag') flags.set(name, '1');
    else {
      const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    }
  }
  return { flags, operands };
}

export function localeFlag(raw: string | undefined): Locale {
  if (raw === undefined) return 'ru';
  if (!(LOCALES as readonly string[]).includes(raw)) throw new UsageError(`--locale must be one of ${LOCALES.join(', ')}`);
  return raw as Locale;
}

/** The address the CLI prints links with: PARLEY_PUBLIC_URL, else the configured listen address. */
export function cliBaseUrl(cfg: Config): string {
  if (cfg.publicUrl) return cfg.publicUrl;
  const host = cfg.host === '0.0.0.0' || cfg.host === '::' ? 'localhost' : cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host;
  return `http://${host}:${cfg.port}`;
}
