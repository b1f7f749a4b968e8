/**
 * The Dockerfile's instructions, parsed, and run as plain commands in temporary directories (no
 * Docker engine here): each stage gets its own root, WORKDIR/COPY/RUN/ENV act on it, and the
 * final stage's CMD can be started. RUN steps that change the system (apt-get, chown of a volume)
 * are not run: `systemSteps` lists them, and any other RUN must run.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';

export interface Instruction {
  op: string;
  args: string;
  line: number;
}

export interface Stage {
  from: string;
  name: string | null;
  steps: Instruction[];
}

/** Joins continuation lines, drops comments and the parser directive. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  let buf = '';
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (buf === '' && /^\s*#/.test(raw)) continue;
    if (buf === '') start = i + 1;
    if (/\\\s*$/.test(raw)) {
      buf += `${raw.replace(/\\\s*$/, '')} `;
      continue;
    }
    const full = (buf + raw).trim();
    buf = '';
    if (!full) continue;
    const m = /^(\w+)\s+([\s\S]*)$/.exec(full);
    if (!m) throw new Error(`Dockerfile line ${start}: cannot parse ${full}`);
    const op = (m[1] as string).toUpperCase();
    const args = (m[2] as string).trim();
    if (op === 'FROM') {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!f) throw new Error(`Dockerfile line ${start}: bad FROM`);
      stages.push({ from: f[1] as string, name: f[2] ?? null, steps: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) throw new Error(`Dockerfile line ${start}: ${op} before FROM`);
    stage.steps.push({ op, args, line: start });
  }
  return stages;
}

/** ENV k=v k2="v 2" (the key=value form). */
export function parseEnv(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of args.matchAll(/(\w+)=("([^"]*)"|\S*)/g)) out[m[1] as string] = m[3] ?? (m[2] as string);
  return out;
}

/** An exec-form (JSON array) CMD/HEALTHCHECK CMD. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) throw new Error(`not an exec form: ${args}`);
  return parsed;
}

export interface RunOptions {
  /** The build context (a copy of the repository). */
  context: string;
  /** Where stage roots are made. */
  scratch: string;
  /** RUN steps that change the system rather than the image's files: not run, but must be listed. */
  systemSteps: RegExp[];
  env: NodeJS.ProcessEnv;
  log(line: string): void;
}

export interface StageResult {
  root: string;
  workdir: string;
  env: Record<string, string>;
  user: string | null;
  cmd: string[] | null;
  healthcheck: string[] | null;
  skipped: string[];
}

function inRoot(root: string, workdir: string, p: string): string {
  return isAbsolute(p) ? join(root, p) : join(workdir, p);
}

export function runStages(stages: Stage[], o: RunOptions): Map<string, StageResult> {
  const done = new Map<string, StageResult>();
  stages.forEach((stage, index) => {
    const root = join(o.scratch, `stage-${index}`);
    mkdirSync(root, { recursive: true });
    const r: StageResult = { root, workdir: root, env: {}, user: null, cmd: null, healthcheck: null, skipped: [] };
    for (const s of stage.steps) {
      switch (s.op) {
        case 'WORKDIR':
          r.workdir = inRoot(root, r.workdir, s.args);
          mkdirSync(r.workdir, { recursive: true });
          break;
        case 'ENV':
          Object.assign(r.env, parseEnv(s.args));
          break;
        case 'COPY': {
          const parts = s.args.split(/\s+/);
          let from: StageResult | null = null;
          const paths: string[] = [];
          for (const p of parts) {
            if (p.startsWith('--from=')) {
              from = done.get(p.slice(7)) ?? null;
              if (!from) throw new Error(`Dockerfile line ${s.line}: no stage ${p.slice(7)}`);
            } else if (p.startsWith('--')) continue;
            else paths.push(p);
          }
          const dst = paths.pop() as string;
          for (const src of paths) {
            const source = from ? inRoot(from.root, from.root, src) : join(o.context, src);
            const many = paths.length > 1 || dst.endsWith('/');
            const target = inRoot(root, r.workdir, many ? join(dst, src.split('/').pop() as string) : dst);
            mkdirSync(dirname(target), { recursive: true });
            cpSync(source, target, { recursive: true, verbatimSymlinks: true });
          }
          break;
        }
        case 'RUN': {
          if (o.systemSteps.some((re) => re.test(s.args))) {
            r.skipped.push(s.args);
            break;
          }
          o.log(`RUN ${s.args}   (in ${relative(o.scratch, r.workdir)})`);
          const t = Date.now();
          const p = spawnSync('bash', ['-ec', s.args], { cwd: r.workdir, env: { ...o.env, ...r.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
          o.log(`  -> exit ${p.status} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
          if (p.status !== 0)
            throw new Error(`Dockerfile line ${s.line}: RUN ${s.args} failed (${p.status}):\n${p.stdout.slice(-3000)}\n${p.stderr.slice(-3000)}`);
          break;
        }
        case 'USER':
          r.user = s.args;
          break;
        case 'CMD':
          r.cmd = execForm(s.args);
          break;
        case 'HEALTHCHECK':
          r.healthcheck = execForm(s.args.slice(s.args.indexOf('CMD')));
          break;
        case 'EXPOSE':
        case 'VOLUME':
        case 'STOPSIGNAL':
          break;
        default:
          throw new Error(`Dockerfile line ${s.line}: ${s.op} is not handled by this runner`);
      }
    }
    done.set(stage.name ?? String(index), r);
    done.set(String(index), r);
  });
  return done;
}

/** The files a `docker build .` would see: tracked and new files, minus .dockerignore. */
export function buildContext(repo: string, target: string): void {
  const ignore = readFileSync(join(repo, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const patterns = ignore.map(
    (p) =>
      new RegExp(
        `^${p
          .replace(/\*\*\//g, '(.*/)?')
          .replace(/\./g, '\\.')
          .replace(/\*/g, '[^/]*')}(/|$)`,
      ),
  );
  const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repo, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const f of files) {
    if (patterns.some((re) => re.test(f))) continue;
    const dst = join(target, f);
    mkdirSync(dirname(dst), { recursive: true });
    try {
      cpSync(join(repo, f), dst);
    } catch (err) {
      // A file deleted in the working tree but still tracked.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
