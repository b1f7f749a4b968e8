import { isAdminRole, type Role, type WorkspaceRole } from '@parley/protocol';
import type { DialogRow } from '../storage/rows';

/** An operator acting in one project, with their role there. */
export interface Actor {
  id: string;
  projectId: string;
  role: Role;
  name: string;
  workspaceRole?: WorkspaceRole | null;
}

/** Operators see new (unassigned) dialogs and their own; admins see all. */
export function canSee(actor: Actor, d: Pick<DialogRow, 'assignee_id'>): boolean {
  return isAdminRole(actor.role) || d.assignee_id === null || d.assignee_id === actor.id;
}
