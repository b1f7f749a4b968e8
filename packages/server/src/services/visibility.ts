import { isAdminRole, type Role } from '@parley/protocol';
import type { DialogRow } from '../storage/rows';

export interface Actor {
  id: string;
  projectId: string;
  role: Role;
  name: string;
}

/** Operators see new (unassigned) dialogs and their own; admins see all. */
export function canSee(actor: Actor, d: Pick<DialogRow, 'assignee_id'>): boolean {
  return isAdminRole(actor.role) || d.assignee_id === null || d.assignee_id === actor.id;
}
