/** The knowledge base's tables that Kysely queries (articles go through SqlExec: storage/help/articles.ts). */
export interface HelpFilesTable {
  file_id: string;
  project_id: string;
  created_at: number;
}

export interface HelpTables {
  help_files: HelpFilesTable;
}
