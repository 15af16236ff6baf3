import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { IdParams, responses, type Api } from '../http/schemas.js';
import { EmptyObject, Filter, FilterKeyword, FilterStatus, V1Filter } from '../http/entities/index.js';

const tags = ['filters'];

// Parameters are read loosely here and checked in filters/input.ts: Mastodon answers a bad
// context or keyword with 422 and its own message, and takes lists in several spellings.
const Params = Type.Object({}, { additionalProperties: true });
const body = { body: Type.Optional(Params), querystring: Params };

/** Rails merges query and body parameters: some clients send filters in the query string. */
const paramsOf = (request: FastifyRequest) => ({ ...(request.query as object), ...((request.body as object | undefined) ?? {}) }) as Record<string, unknown>;

const one = (schema: Parameters<typeof Type.Ref>[0]) => responses({ 200: Type.Ref(schema) });
const many = (schema: Parameters<typeof Type.Ref>[0]) => responses({ 200: Type.Array(Type.Ref(schema)) });
const empty = responses({ 200: EmptyObject });

/** Mastodon's /api/v2/filters (with keywords and statuses) and /api/v1/filters. */
export function filterRoutes(app: Api, ctx: AppContext): void {
  const { filters } = ctx;
  const reader = (request: FastifyRequest) => requireUser(request, 'read:filters').accountId;
  const writer = (request: FastifyRequest) => requireUser(request, 'write:filters').accountId;
  const id = (request: { params: { id: string } }) => Number(request.params.id);

  app.get('/api/v2/filters', { schema: { tags, response: many(Filter) } }, async (request) => filters.list(reader(request)));
  app.get('/api/v2/filters/:id', { schema: { tags, params: IdParams, response: one(Filter) } }, async (request) => filters.get(reader(request), id(request)));
  app.post('/api/v2/filters', { schema: { tags, ...body, response: one(Filter) } }, async (request) => filters.create(writer(request), paramsOf(request)));
  app.put('/api/v2/filters/:id', { schema: { tags, params: IdParams, ...body, response: one(Filter) } }, async (request) => filters.update(writer(request), id(request), paramsOf(request)));
  app.delete('/api/v2/filters/:id', { schema: { tags, params: IdParams, response: empty } }, async (request) => {
    await filters.remove(writer(request), id(request));
    return {};
  });

  app.get('/api/v2/filters/:id/keywords', { schema: { tags, params: IdParams, response: many(FilterKeyword) } }, async (request) => filters.keywords(reader(request), id(request)));
  app.post('/api/v2/filters/:id/keywords', { schema: { tags, params: IdParams, ...body, response: one(FilterKeyword) } }, async (request) => filters.addKeyword(writer(request), id(request), paramsOf(request)));
  app.get('/api/v2/filters/keywords/:id', { schema: { tags, params: IdParams, response: one(FilterKeyword) } }, async (request) => filters.keyword(reader(request), id(request)));
  app.put('/api/v2/filters/keywords/:id', { schema: { tags, params: IdParams, ...body, response: one(FilterKeyword) } }, async (request) => filters.updateKeyword(writer(request), id(request), paramsOf(request)));
  app.delete('/api/v2/filters/keywords/:id', { schema: { tags, params: IdParams, response: empty } }, async (request) => {
    await filters.removeKeyword(writer(request), id(request));
    return {};
  });

  app.get('/api/v2/filters/:id/statuses', { schema: { tags, params: IdParams, response: many(FilterStatus) } }, async (request) => filters.statuses(reader(request), id(request)));
  app.post('/api/v2/filters/:id/statuses', { schema: { tags, params: IdParams, ...body, response: one(FilterStatus) } }, async (request) => filters.addStatus(writer(request), id(request), paramsOf(request).status_id));
  app.get('/api/v2/filters/statuses/:id', { schema: { tags, params: IdParams, response: one(FilterStatus) } }, async (request) => filters.filterStatus(reader(request), id(request)));
  app.delete('/api/v2/filters/statuses/:id', { schema: { tags, params: IdParams, response: empty } }, async (request) => {
    await filters.removeStatus(writer(request), id(request));
    return {};
  });

  app.get('/api/v1/filters', { schema: { tags, response: many(V1Filter) } }, async (request) => filters.listV1(reader(request)));
  app.get('/api/v1/filters/:id', { schema: { tags, params: IdParams, response: one(V1Filter) } }, async (request) => filters.getV1(reader(request), id(request)));
  app.post('/api/v1/filters', { schema: { tags, ...body, response: one(V1Filter) } }, async (request) => filters.createV1(writer(request), paramsOf(request)));
  app.put('/api/v1/filters/:id', { schema: { tags, params: IdParams, ...body, response: one(V1Filter) } }, async (request) => filters.updateV1(writer(request), id(request), paramsOf(request)));
  app.delete('/api/v1/filters/:id', { schema: { tags, params: IdParams, response: empty } }, async (request) => {
    await filters.removeV1(writer(request), id(request));
    return {};
  });
}
