import type { Readable } from 'node:stream';
import type * as v from 'valibot';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Ctx } from '../context';
import type { OperatorRow } from '../storage/rows';
import type { TokenLookup } from '../storage/visitors';
import type { ProjectRecord } from '../services/projects';
import type { Actor } from '../services/operator-actions';

export type Schema = v.GenericSchema;

/**
 * Who may call a route.
 * - none: anyone (widget endpoints, login, docs).
 * - visitor: `Authorization: Bearer <visitor token>` (a revoked or unknown token is `token_invalid`).
 * - operator: the session cookie (`unauthorized` without one).
 * - party: a party of a file's dialog, decided by the handler (signed link, bearer token or session).
 * - metrics: the metrics token, when one is configured.
 */
export type Auth = 'none' | 'visitor' | 'operator' | 'party' | 'metrics';

/**
 * Which project a request acts in.
 * - path: the `:project` path parameter (widget endpoints); unknown is `unknown_project`.
 * - project: operator routes; the project named by `X-Parley-Project` (or `?project=` on the
 *   socket), else the operator's first project. A project the operator is not a member of is
 *   refused exactly like one that does not exist (`unknown_project`).
 * - account: operator routes about the signed-in person, not one project.
 */
export type Scope = 'path' | 'project' | 'account';

export interface RouteSpec {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: 'widget' | 'files' | 'operator' | 'workspace' | 'setup' | 'docs' | 'ops' | 'demo' | 'email' | 'channels' | 'integrations' | 'help';
  auth: Auth;
  scope?: Scope;
  /** Operator routes only owners and admins of the project (admin) or of the workspace may call. */
  role?: 'admin' | 'workspaceAdmin';
  query?: Schema;
  body?: Schema;
  /** Raw (non-JSON) request body, described in words; the handler gets the stream. */
  raw?: string;
  responses: Record<number, Schema | string>;
  websocket?: boolean;
  /** Called from any site: CORS * on every answer, and the preflight is answered. */
  cors?: boolean;
  /** Registered only in demo mode. */
  demo?: boolean;
}

type Out<S> = S extends Schema ? v.InferOutput<S> : undefined;

/** `:name` segments of a path, as a union of names. */
export type ParamNames<P extends string> = P extends `${string}:${infer N}/${infer Rest}`
  ? N | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer N}`
    ? N
    : never;

/** What the router hands a handler: parsed input plus what auth and scope resolved. */
export interface BaseInput<R> {
  ctx: Ctx;
  req: FastifyRequest;
  reply: FastifyReply;
  /** Path parameters, already validated (a malformed id is `not_found` before the handler runs). */
  params: R extends { path: infer P extends string } ? Record<ParamNames<P>, string> : Record<string, never>;
  body: R extends { raw: string } ? Readable : R extends { body: infer B } ? Out<B> : undefined;
  query: R extends { query: infer Q } ? Out<Q> : undefined;
}

export interface OperatorInput {
  op: OperatorRow;
  sessionHash: string;
}
export interface ProjectInput {
  project: ProjectRecord;
}
export interface ActorInput extends OperatorInput, ProjectInput {
  actor: Actor;
}
export interface VisitorInput {
  token: TokenLookup;
}

type AuthPart<R> = R extends { auth: 'operator'; scope: 'project' }
  ? ActorInput
  : R extends { auth: 'operator' }
    ? OperatorInput
    : R extends { auth: 'visitor' }
      ? VisitorInput
      : R extends { scope: 'path' }
        ? ProjectInput
        : unknown;

export type Input<R> = BaseInput<R> & AuthPart<R>;
export type HttpHandler<R> = (input: Input<R>) => Promise<unknown>;
export type WsHandler<R> = (socket: WebSocket, input: Input<R>) => void;
export type HandlerFor<R> = R extends { websocket: true } ? WsHandler<R> : HttpHandler<R>;
