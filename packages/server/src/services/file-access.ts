import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import type { FileRow, OperatorRow } from '../storage/rows';
import { dialogParties, fileById } from '../storage/files';
import { membership } from '../storage/memberships';
import type { Role } from '@parley/protocol';
import { canSee } from './operator-actions';

/**
 * A file goes only to a party of its dialog: the visitor (any of `visitorIds`: the signed link's
 * or the bearer token's), or an operator of the dialog's project who may see that dialog (files
 * follow dialog visibility: a colleague's dialog's files are not yours). A file not yet attached goes
 * only to its uploader. Everything else is `not_found`, never `forbidden`: an id's existence is
 * not confirmed to anyone else.
 */
export async function fileForParty(ctx: Ctx, fileId: string, visitorIds: ReadonlySet<string>, operator: () => Promise<OperatorRow | null>): Promise<FileRow> {
  const f = await fileById(ctx.db, fileId);
  if (!f) throw new DomainError('not_found');
  let allowed = false;
  if (f.dialog_id) {
    const d = await dialogParties(ctx.db, f.dialog_id);
    if (d && visitorIds.has(d.visitor_id)) allowed = true;
    if (!allowed && d) {
      const op = await operator();
      const m = op ? await membership(ctx.db, op.id, d.project_id) : undefined;
      allowed = op !== null && m !== undefined && canSee({ id: op.id, projectId: d.project_id, role: m.role as Role, name: op.name }, d);
    }
  } else {
    if (f.uploader_visitor_id && visitorIds.has(f.uploader_visitor_id)) allowed = true;
    if (!allowed && f.uploader_operator_id) {
      const op = await operator();
      allowed = op !== null && op.id === f.uploader_operator_id;
    }
  }
  if (!allowed) throw new DomainError('not_found');
  return f;
}
