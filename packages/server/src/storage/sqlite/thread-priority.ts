import { readFileSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** This thread's kernel id and nice value, or null where threads have no niceness of their own (not Linux). */
export function threadNice(): { tid: number; nice: number } | null {
  try {
    // Linux: /proc/thread-self -> "<pid>/task/<tid>".
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // Field 19 (nice), counted after the parenthesised command name, which may hold spaces.
    const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    return Number.isInteger(tid) && Number.isInteger(nice) ? { tid, nice } : null;
  } catch {
    return null;
  }
}

/**
 * Lowers the priority of the calling thread only (on Linux niceness belongs to a thread, and
 * setpriority() with a thread id changes just that thread). The read workers call it: a search
 * that runs back to back then takes CPU time the event loop and the sockets do not want, instead of
 * half of a 2-core machine. Returns the thread's id and nice value afterwards, or null when it
 * could not (another OS, or no permission: the worker then runs at normal priority).
 */
export function lowerThreadPriority(nice: number): { tid: number; nice: number } | null {
  const self = threadNice();
  if (!self) return null;
  try {
    if (self.nice < nice) setPriority(self.tid, nice);
  } catch {
    return self;
  }
  return threadNice();
}

let schedstat: boolean | undefined;

/** CPU time this thread has run (ms), from Linux's /proc/thread-self/schedstat; null elsewhere. */
export function threadCpuMs(): number | null {
  if (schedstat === false) return null;
  try {
    const ns = Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]);
    if (Number.isFinite(ns)) {
      schedstat = true;
      return ns / 1e6;
    }
  } catch {
    // not Linux, or no schedstat
  }
  schedstat = false;
  return null;
}

/**
 * The CPU a read worker charges for an answer (read-gate.ts): what its thread used since its last
 * answer (the query, the last answer's copy out, GC); without a per-thread clock, the job's own
 * wall time. (Wall time since the last answer would charge the idle time between searches too.)
 */
export function chargedCpuMs(lastCpu: number | null, nowCpu: number | null, jobWallMs: number): number {
  return lastCpu === null || nowCpu === null ? jobWallMs : nowCpu - lastCpu;
}
