/**
 * Two server nodes (separate processes on different ports) as a cluster runs them: one
 * PostgreSQL database, one Redis, one shared files directory (PARLEY_FILES_DIR).
 */
import { sharedFilesDir, startServer, type RunningServer } from './harness';
import { testDatabase } from './pg-cluster';
import { startRedis } from './redis-server';

export interface TwoNodes {
  a: RunningServer;
  b: RunningServer;
  /** What both nodes run with (start a third node with it, or with a part changed). */
  env: Record<string, string>;
  /** Stops both nodes and removes the database, Redis and the files directory. */
  stop(): Promise<void>;
}

export async function startTwoNodes(extraEnv: Record<string, string> = {}): Promise<TwoNodes> {
  const db = await testDatabase();
  const redis = await startRedis();
  const files = sharedFilesDir();
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, PARLEY_FILES_DIR: files.dir, ...extraEnv };
  const a = await startServer({ env });
  const b = await startServer({ env });
  return {
    a,
    b,
    env,
    async stop() {
      await Promise.all([a.stop(), b.stop()]);
      await redis.destroy();
      await db.drop();
      files.remove();
    },
  };
}
