/** An outbox row's claim (see claims.ts): the node sending it right now, and until when its claim holds. */
export interface ClaimColumns {
  claimed_by: string | null;
  claimed_until: number | null;
}

/** A job only one node runs at a time (see migration.ts): who holds it, and until when. */
export interface NodeLeasesTable {
  name: string;
  holder: string;
  until: number;
}

export interface ClusterTables {
  node_leases: NodeLeasesTable;
}
