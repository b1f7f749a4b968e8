import { createProject, deleteProject, projectsOf, renameProject } from '../services/workspace';
import { handlers } from './router';

/** The operator's projects, and the workspace owner's and admins' project management. */
export const workspaceHandlers = handlers({
  async projects({ ctx, op }) {
    return { projects: await projectsOf(ctx, op) };
  },

  async createProject({ ctx, reply, op, body }) {
    const project = await createProject(ctx, op, body);
    reply.code(201);
    return { project };
  },

  async renameProject({ ctx, op, params, body }) {
    return { project: await renameProject(ctx, op, params.projectId, body.name) };
  },

  async deleteProject({ ctx, reply, op, params }) {
    await deleteProject(ctx, op, params.projectId);
    reply.code(204);
  },
});
