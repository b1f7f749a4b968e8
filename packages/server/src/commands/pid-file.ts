import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from './common';

export const PID_FILE = 'parley.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a server running on this data dir, or null (a stale file from a crash does not count). */
export async function runningServer(dataDir: string): Promise<number | null> {
  const raw = await readFile(join(dataDir, PID_FILE), 'utf8').catch(() => '');
  const pid = Number(raw.trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : null;
}

/** One server per data dir: refuses a second, and marks this one so `parley restore` can refuse to run under it. */
export async function acquirePidFile(dataDir: string): Promise<() => Promise<void>> {
  const other = await runningServer(dataDir);
  if (other !== null) throw new UsageError(`another Parley server (pid ${other}) is using ${dataDir}`);
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, PID_FILE), String(process.pid));
  return async () => {
    await rm(join(dataDir, PID_FILE), { force: true });
  };
}
