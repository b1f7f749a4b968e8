import {
  groupsOf,
  blockedVisitors,
  putTag,
  removeGroup,
  removeTag,
  saveGroup,
  setVisitorBlocked,
  tagsOf,
  unblockVisitor,
  updateVisitorCard,
} from '../services/team';
import { DomainError } from '../util/errors';
import { handlers } from './router';

/** Groups, the managed tag list, blocked visitors and the visitor card of one project. */
export const teamHandlers = handlers({
  async groups({ ctx, actor }) {
    return { groups: await groupsOf(ctx, actor.projectId) };
  },
  async createGroup({ ctx, reply, actor, body }) {
    const group = await saveGroup(ctx, actor, null, body);
    reply.code(201);
    return { group };
  },
  async updateGroup({ ctx, actor, params, body }) {
    return { group: await saveGroup(ctx, actor, params.groupId, body) };
  },
  async removeGroup({ ctx, reply, actor, params }) {
    await removeGroup(ctx, actor, params.groupId);
    reply.code(204);
  },
  async tagDefs({ ctx, actor }) {
    return { tags: await tagsOf(ctx, actor.projectId) };
  },
  async putTagDef({ ctx, actor, params, body }) {
    if (body.name !== params.tag) throw new DomainError('bad_request', { fields: ['name'] });
    return { tags: await putTag(ctx, actor, body.name, body.color) };
  },
  async removeTagDef({ ctx, actor, params }) {
    return { tags: await removeTag(ctx, actor, params.tag) };
  },
  async blockedVisitors({ ctx, actor }) {
    return { visitors: await blockedVisitors(ctx, actor.projectId) };
  },
  async unblockVisitor({ ctx, reply, actor, params }) {
    await unblockVisitor(ctx, actor.projectId, params.visitorId);
    reply.code(204);
  },
  async updateVisitor({ ctx, actor, params, body }) {
    return updateVisitorCard(ctx, actor, params.dialogId, body);
  },
  async blockVisitor({ ctx, actor, params, body }) {
    return setVisitorBlocked(ctx, actor, params.dialogId, body.blocked);
  },
});
