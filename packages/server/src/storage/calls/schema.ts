/** One row per call (storage/calls/migration.ts). */
export interface CallsTable {
  id: string;
  project_id: string;
  dialog_id: string;
  operator_id: string | null;
  started_at: number | null;
  ended_at: number | null;
  recordings: number;
  recordings_used: number;
  created_at: number;
}

export interface CallTables {
  calls: CallsTable;
}
