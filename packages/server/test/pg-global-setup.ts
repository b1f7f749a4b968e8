import { createTemplate, startPgCluster, type PgCluster } from './pg-cluster';

/** The PostgreSQL integration project: one cluster and its migrated template for the whole run. */
let cluster: PgCluster | null = null;

export async function setup(): Promise<void> {
  cluster = await startPgCluster();
  await createTemplate(cluster.base);
  process.env.TEST_PG_CLUSTER = cluster.base;
}

export async function teardown(): Promise<void> {
  cluster?.destroy();
}
