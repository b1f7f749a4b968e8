import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import type { FileRow } from '../rows';

export const helpFiles = {
  mark(db: Kysely<Database>, projectId: string, fileId: string, at: number): Promise<unknown> {
    return db.insertInto('help_files').values({ file_id: fileId, project_id: projectId, created_at: at }).execute();
  },
  /** The file, when it is an article file of this project (anything else: undefined). */
  async one(db: Kysely<Database>, projectId: string, fileId: string): Promise<FileRow | undefined> {
    return db
      .selectFrom('files')
      .innerJoin('help_files', 'help_files.file_id', 'files.id')
      .selectAll('files')
      .where('help_files.project_id', '=', projectId)
      .where('files.project_id', '=', projectId)
      .where('files.id', '=', fileId)
      .executeTakeFirst();
  },
};
