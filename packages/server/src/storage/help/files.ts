import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import type { FileRow } from '../rows';
import { inList, type SqlExec } from '../sql';
import { likePattern } from '../open';

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
  /**
   * Of `ids` (article files an article named before a change), deletes the rows of those that no
   * article of the project names any more, in the caller's transaction; answers the ids whose bytes
   * must go after the commit (retention's deleteFiles). The mark goes with the row (cascade).
   */
  async removeUnnamed(x: SqlExec, projectId: string, ids: readonly string[]): Promise<string[]> {
    const unnamed: string[] = [];
    for (const id of ids) {
      const named = await x.get("SELECT 1 AS n FROM help_articles WHERE project_id = ? AND body LIKE ? ESCAPE '\\' LIMIT 1", [
        projectId,
        likePattern(`/files/${id}`),
      ]);
      if (!named) unnamed.push(id);
    }
    if (unnamed.length === 0) return [];
    const gone = await x.all<{ id: string }>(
      `DELETE FROM files WHERE project_id = ? AND id IN (SELECT file_id FROM help_files WHERE project_id = ? AND file_id IN (${inList(unnamed.length)})) RETURNING id`,
      [projectId, projectId, ...unnamed],
    );
    return gone.map((r) => r.id);
  },
};
