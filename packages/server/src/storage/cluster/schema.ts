/** A job only one node runs at a time (see migration.ts): who holds it, and until when. */
export interface NodeLeasesTable {
  name: string;
  holder: string;
  until: number;
}

export interface ClusterTables {
  node_leases: NodeLeasesTable;
}
