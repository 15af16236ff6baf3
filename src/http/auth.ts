// Bearer-token authentication. The token is resolved once per request (onRequest); routes then
// say what they need with requireUser / requireApp, which throw the Mastodon error responses.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, unauthorized } from './errors.js';
import { grants } from '../oauth/scopes.js';

export interface RequestAuth {
  tokenId: number;
  appId: number;
  accountId: number | null;
  scopes: string[];
  role: string | null;
}

/** Why a live token's account may not act: Mastodon's require_user! answers, all 403. */
export const LOGIN_REFUSALS = {
  suspended: 'Your login is currently disabled',
  unconfirmed: 'Your login is missing a confirmed e-mail address',
  pending: 'Your login is currently pending approval',
} as const;
export type LoginRefusal = keyof typeof LOGIN_REFUSALS;

/**
 * The refusal for an account row's state, or null when it may sign in (suspension first; a
 * login disabled by a moderator gets the same answer, as on Mastodon).
 */
export function loginRefusalOf(row: { suspended_at: number | null; disabled_at?: number | null; confirmed: number | null; approved: number | null }): LoginRefusal | null {
  if (row.suspended_at || row.disabled_at) return 'suspended';
  if (row.confirmed === 0) return 'unconfirmed';
  if (row.approved === 0) return 'pending';
  return null;
}

export interface TokenResolver {
  resolveToken(token: string): Promise<RequestAuth | LoginRefusal | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyContextConfig {
    /** The route takes the token of an account whose email is not confirmed yet (resending the mail). */
    unconfirmedToken?: boolean;
  }
}

/** The streaming API: the only routes that take a token outside the Authorization header. */
const STREAMING = /^\/api\/v1\/streaming(\/|$)/;

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? match[1] : undefined;
  }
  // Browsers cannot set headers on a WebSocket or an EventSource, so streaming clients send the
  // token in the query (as Mastodon takes it there only). Anywhere else a token in a URL ends up
  // in logs, proxies and browser history, so there it is not a token at all.
  if (!STREAMING.test(request.routeOptions.url ?? '')) return undefined;
  const query = request.query as Record<string, unknown> | undefined;
  if (typeof query?.access_token === 'string') return query.access_token;
  // Or as the WebSocket sub-protocol (masto does this).
  const protocol = request.headers['sec-websocket-protocol'];
  return typeof protocol === 'string' && protocol.length > 0 && request.headers.upgrade ? protocol.split(',')[0].trim() : undefined;
}

export function installAuth(app: FastifyInstance, resolver: TokenResolver): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const token = bearerToken(request);
    if (token === undefined) {
      if (request.headers.authorization) throw unauthorized();
      return;
    }
    const auth = await resolver.resolveToken(token);
    if (auth === 'unconfirmed' && request.routeOptions.config?.unconfirmedToken) return;
    if (typeof auth === 'string') throw new ApiError(403, LOGIN_REFUSALS[auth]);
    if (!auth) throw unauthorized();
    request.auth = auth;
  });
}

function checkScope(auth: RequestAuth, scope: string): void {
  if (!grants(auth.scopes, scope)) throw new ApiError(403, 'This action is outside the authorized scopes');
}

export interface UserAuth extends RequestAuth {
  accountId: number;
}

export function requireUser(request: FastifyRequest, scope: string): UserAuth {
  const auth = request.auth;
  if (!auth) throw unauthorized('The access token is invalid');
  checkScope(auth, scope);
  if (auth.accountId === null) throw new ApiError(422, 'This method requires an authenticated user');
  return auth as UserAuth;
}

export function requireApp(request: FastifyRequest, scope?: string): RequestAuth {
  const auth = request.auth;
  if (!auth) throw unauthorized('The access token is invalid');
  if (scope) checkScope(auth, scope);
  return auth;
}

/**
 * The signed-in viewer when there is one; public reads use it for visibility and for
 * favourited/reblogged flags. A read needs no token, but a token that comes must allow it
 * (Mastodon's authorize_if_got_token!): a write-only or profile token gets 403, not a reader's view.
 */
export function viewerOf(request: FastifyRequest, scope = 'read:statuses'): number | undefined {
  if (request.auth) checkScope(request.auth, scope);
  return request.auth?.accountId ?? undefined;
}
