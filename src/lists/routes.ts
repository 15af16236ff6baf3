// Mastodon's lists API (/api/v1/lists, its members, /api/v1/accounts/:id/lists) and the list
// timeline (/api/v1/timelines/list/:id).
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { Account, EmptyObject, EncodedStatusList, List } from '../http/entities/index.js';

const tags = ['lists'];

// Parameters are read loosely and checked in lists/service.ts: Mastodon answers a bad title or
// replies_policy with 422 and its own message, and takes account_ids in several spellings.
const Params = Type.Object({}, { additionalProperties: true });
const body = { body: Type.Optional(Params), querystring: Params };
/** Rails merges query and body parameters. */
const paramsOf = (request: FastifyRequest) => ({ ...(request.query as object), ...((request.body as object | undefined) ?? {}) }) as Record<string, unknown>;

// limit=0 asks for every member at once (Mastodon's unlimited?).
const MembersQuery = Type.Composite([Type.Omit(PageQuery, ['limit']), Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) })]);

const one = responses({ 200: Type.Ref(List) });
const many = responses({ 200: Type.Array(Type.Ref(List)) });
const empty = responses({ 200: EmptyObject });

export function listRoutes(app: Api, ctx: AppContext): void {
  const { lists, config, activeFilters } = ctx;
  const reader = (request: FastifyRequest) => requireUser(request, 'read:lists').accountId;
  const writer = (request: FastifyRequest) => requireUser(request, 'write:lists').accountId;
  const id = (request: { params: { id: string } }) => Number(request.params.id);

  app.get('/api/v1/lists', { schema: { tags, response: many } }, async (request) => lists.all(reader(request)));
  app.get('/api/v1/lists/:id', { schema: { tags, params: IdParams, response: one } }, async (request) => lists.get(reader(request), id(request)));
  app.post('/api/v1/lists', { schema: { tags, ...body, response: one } }, async (request) => lists.create(writer(request), paramsOf(request)));
  app.put('/api/v1/lists/:id', { schema: { tags, params: IdParams, ...body, response: one } }, async (request) => lists.update(writer(request), id(request), paramsOf(request)));
  app.delete('/api/v1/lists/:id', { schema: { tags, params: IdParams, response: empty } }, async (request) => {
    await lists.remove(writer(request), id(request));
    return {};
  });

  app.get('/api/v1/lists/:id/accounts', { schema: { tags, params: IdParams, querystring: MembersQuery, response: responses({ 200: Type.Array(Type.Ref(Account)) }) } }, async (request, reply) => {
    const owner = reader(request);
    const all = request.query.limit === 0;
    const { accounts, cursors } = await lists.members(owner, id(request), all ? 'all' : pageOf({ ...request.query, limit: request.query.limit }, 40, 80));
    if (!all) setLinkHeader(request, reply, config.publicUrl, cursors);
    return accounts;
  });
  app.post('/api/v1/lists/:id/accounts', { schema: { tags, params: IdParams, ...body, response: empty } }, async (request) => {
    await lists.addMembers(writer(request), id(request), paramsOf(request).account_ids);
    return {};
  });
  app.delete('/api/v1/lists/:id/accounts', { schema: { tags, params: IdParams, ...body, response: empty } }, async (request) => {
    await lists.removeMembers(writer(request), id(request), paramsOf(request).account_ids);
    return {};
  });

  app.get('/api/v1/accounts/:id/lists', { schema: { tags: ['accounts', 'lists'], params: IdParams, response: many } }, async (request) => lists.holding(reader(request), id(request)));

  app.get('/api/v1/timelines/list/:id', { schema: { tags: ['timelines'], params: IdParams, querystring: PageQuery, response: responses({ 200: EncodedStatusList }) } }, async (request, reply) => {
    const viewer = reader(request);
    const page = await lists.timeline(viewer, id(request), pageOf(request.query));
    // As home's: the page comes serialised, with the viewer's `home` keyword filters (Mastodon's
    // home context covers lists).
    setLinkHeader(request, reply, config.publicUrl, page.cursors);
    reply.type('application/json; charset=utf-8');
    return activeFilters.page(viewer, 'home', page.statusesJson);
  });
}
