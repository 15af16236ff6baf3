// How clients find out what this server is before they call the API: NodeInfo (desktop apps
// built on megalodon pick their protocol from it), host-meta and WebFinger (account look-up by
// acct:), RFC 8414 OAuth metadata (so clients see PKCE is supported) and Mastodon's /health.
// Sirb does not federate: WebFinger names profile pages only, and NodeInfo lists no protocol.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/errors.js';
import { responses, type Api } from '../http/schemas.js';
import { countAccounts, findAccountByUsername } from '../accounts/store.js';
import { KNOWN_TOP_SCOPES } from '../oauth/scopes.js';
import { MASTODON_COMPATIBLE_VERSION, SIRB_VERSION } from '../version.js';

const NODEINFO_20 = 'http://nodeinfo.diaspora.software/ns/schema/2.0';
const NODEINFO_21 = 'http://nodeinfo.diaspora.software/ns/schema/2.1';
const tags = ['instance'];
const Json = Type.Object({}, { additionalProperties: true });

export function discoveryRoutes(app: Api, ctx: AppContext): void {
  const { config } = ctx;
  const base = config.publicUrl;
  const host = new URL(base).host;

  app.get('/.well-known/nodeinfo', { schema: { tags, response: responses({ 200: Json }) } }, async () => ({
    links: [
      { rel: NODEINFO_20, href: `${base}/nodeinfo/2.0` },
      { rel: NODEINFO_21, href: `${base}/nodeinfo/2.1` },
    ],
  }));

  const nodeinfo = async (version: '2.0' | '2.1') => {
    const [users, posts, activeMonth, activeHalfyear] = await Promise.all([
      countAccounts(ctx.db.kysely),
      ctx.db.kysely.selectFrom('statuses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      activeSince(ctx, 30),
      activeSince(ctx, 180),
    ]);
    return {
      version,
      software: { name: 'sirb', version: SIRB_VERSION, ...(version === '2.1' ? { repository: 'https://example.invalid/sirb', homepage: base } : {}) },
      protocols: [],
      services: { outbound: [], inbound: [] },
      usage: { users: { total: users, activeMonth, activeHalfyear }, localPosts: Number(posts.n) },
      openRegistrations: config.registrations === 'open',
      // Clients that know only Mastodon-like servers (megalodon's detector) read `upstream`.
      metadata: { nodeName: 'Sirb سرب', nodeDescription: 'Sirb: an Arabic-first microblog.', upstream: { name: 'mastodon', version: MASTODON_COMPATIBLE_VERSION } },
    };
  };
  const profile = (v: string) => `${NODEINFO_20.replace('2.0', v)}#`;
  app.get('/nodeinfo/2.0', { schema: { tags, response: responses({ 200: Json }) } }, async (_request, reply) => {
    reply.type(`application/json; profile="${profile('2.0')}"`);
    return nodeinfo('2.0');
  });
  app.get('/nodeinfo/2.1', { schema: { tags, response: responses({ 200: Json }) } }, async (_request, reply) => {
    reply.type(`application/json; profile="${profile('2.1')}"`);
    return nodeinfo('2.1');
  });

  app.get('/.well-known/host-meta', { schema: { tags, response: responses({ 200: Type.String() }) } }, async (_request, reply) => {
    reply.type('application/xrd+xml; charset=utf-8');
    return `<?xml version="1.0" encoding="UTF-8"?>\n<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n  <Link rel="lrdd" template="${base}/.well-known/webfinger?resource={uri}"/>\n</XRD>\n`;
  });

  const WebfingerQuery = Type.Object({ resource: Type.Optional(Type.String({ maxLength: 512 })) });
  app.get('/.well-known/webfinger', { schema: { tags, querystring: WebfingerQuery, response: responses({ 200: Json }) } }, async (request, reply) => {
    const resource = request.query.resource;
    if (!resource) throw new ApiError(400, 'The resource parameter is missing');
    const username = usernameOf(resource, host, base);
    const account = username === undefined ? undefined : await findAccountByUsername(ctx.db.kysely, username);
    if (!account || account.suspended_at !== null) throw new ApiError(404, 'Record not found');
    const page = `${base}/@${account.username}`;
    reply.type('application/jrd+json; charset=utf-8');
    return {
      subject: `acct:${account.username}@${host}`,
      aliases: [page],
      links: [{ rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: page }],
    };
  });

  app.get('/.well-known/oauth-authorization-server', { schema: { tags, response: responses({ 200: Json }) } }, async () => ({
    issuer: `${base}/`,
    service_documentation: 'https://docs.joinmastodon.org/',
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    revocation_endpoint: `${base}/oauth/revoke`,
    app_registration_endpoint: `${base}/api/v1/apps`,
    scopes_supported: KNOWN_TOP_SCOPES,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'password', 'client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    // S256 only: "plain" gives no protection (issue 10).
    code_challenge_methods_supported: ['S256'],
  }));

  // Mastodon's load-balancer check: plain "OK" while the process answers (/healthz also asks the database).
  app.get('/health', { schema: { hide: true, response: { 200: Type.String() } } }, async (_request, reply) => {
    reply.type('text/plain; charset=utf-8');
    return 'OK';
  });
}

/** acct:name@host, name@host, or the profile URL https://host/@name; undefined when not ours. */
function usernameOf(resource: string, host: string, base: string): string | undefined {
  const value = resource.trim().replace(/^acct:/i, '');
  const profile = new RegExp(`^${escapeRegExp(base)}/@([A-Za-z0-9_]+)$`).exec(value);
  if (profile) return profile[1];
  const match = /^@?([A-Za-z0-9_]+)(?:@(.+))?$/.exec(value);
  if (!match) return undefined;
  if (match[2] !== undefined && match[2].toLowerCase() !== host.toLowerCase()) return undefined;
  return match[1];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Accounts that posted within the last `days` days (NodeInfo's active users). */
async function activeSince(ctx: AppContext, days: number): Promise<number> {
  const since = ctx.clock() - days * 86_400_000;
  const row = await ctx.db.kysely
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('last_status_at', '>=', since)
    .where('suspended_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
