import { storageUsage, storeUpload } from '../services/uploads';
import { cleanFileName } from '../services/file-rules';
import { changeTemplate, createTemplate, findTemplates, removeTemplate } from '../services/templates';
import { projectInfo, revokeSecret, rotateSecret, updateProjectSettings } from '../services/project-settings';
import { findLeads, markLead } from '../services/leads';
import { CALL_RECORDING_HEADER } from '@parley/protocol';
import { callRelay } from '../services/calls';
import { DomainError } from '../util/errors';
import { requestLocale } from './errors';
import { contentLengthOf, headerString, refuseUnread } from './headers';
import { handlers } from './router';

/** Templates, project settings and secret, leads and operator uploads: everything of one project. */
export const projectHandlers = handlers({
  async templates({ ctx, actor, query }) {
    return { templates: await findTemplates(ctx, actor, query.q) };
  },

  async createTemplate({ ctx, reply, actor, body }) {
    const template = await createTemplate(ctx, actor, body);
    reply.code(201);
    return { template };
  },

  async updateTemplate({ ctx, actor, params, body }) {
    return { template: await changeTemplate(ctx, actor, params.templateId, body) };
  },

  async removeTemplate({ ctx, reply, actor, params }) {
    await removeTemplate(ctx, actor, params.templateId);
    reply.code(204);
  },

  async project({ ctx, actor }) {
    return projectInfo(ctx, actor);
  },

  async updateProject({ ctx, actor, body }) {
    return updateProjectSettings(ctx, actor, body);
  },

  async rotateSecret({ ctx, actor, body }) {
    return rotateSecret(ctx, actor, body.previousExpiresAt);
  },

  async revokeSecret({ ctx, actor, params }) {
    return revokeSecret(ctx, actor, params.secretId);
  },

  async projectStorage({ ctx, actor }) {
    return { storage: await storageUsage(ctx, actor.projectId) };
  },

  async leads({ ctx, actor, query }) {
    return { leads: await findLeads(ctx, actor.projectId, query) };
  },

  async updateLead({ ctx, actor, params, body }) {
    return { lead: await markLead(ctx, actor.projectId, params.leadId, body.status) };
  },

  async operatorUpload({ ctx, req, reply, actor, project, body }) {
    if (!(await ctx.limits.uploadsPerVisitor.take(`o:${actor.id}`)).ok) throw new DomainError('rate_limited');
    // A call's recording is taken only when the server saw both parties agree to it in that call.
    const callId = headerString(req.headers[CALL_RECORDING_HEADER]);
    const giveBack = callId ? await refuseUnread(req, reply, () => Promise.resolve(callRelay(ctx).takeRecording(callId, project.id, actor.id))) : null;
    const { file } = await refuseUnread(req, reply, () =>
      storeUpload(ctx, {
        projectId: project.id,
        body,
        declaredMime: req.headers['content-type'],
        name: cleanFileName(headerString(req.headers['x-parley-file-name'])),
        limits: project.settings.attachments.limits,
        locale: requestLocale(req),
        uploader: { kind: 'operator', operatorId: actor.id },
        ip: req.ip,
        contentLength: contentLengthOf(req),
      }).catch((err: unknown) => {
        giveBack?.();
        throw err;
      }),
    );
    reply.code(201);
    return { upload: file };
  },
});
