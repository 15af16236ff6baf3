import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { viewerOf } from '../http/auth.js';
import { badRequest } from '../http/errors.js';
import { Flag, flag } from '../http/params.js';
import { parseId } from '../lib/ids.js';

const SearchQuery = Type.Object({
  q: Type.String({ maxLength: 500 }),
  type: Type.Optional(Type.Union([Type.Literal('accounts'), Type.Literal('hashtags'), Type.Literal('statuses')])),
  resolve: Type.Optional(Flag),
  following: Type.Optional(Flag),
  account_id: Type.Optional(Type.String({ maxLength: 32 })),
  exclude_unreviewed: Type.Optional(Flag),
  max_id: Type.Optional(Type.String({ maxLength: 32 })),
  min_id: Type.Optional(Type.String({ maxLength: 32 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 40 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
});

function optionalId(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const id = parseId(raw);
  if (id === undefined) throw badRequest(`${name} must be an id`);
  return id;
}

export function searchRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/v2/search', { schema: { tags: ['search'], querystring: SearchQuery } }, async (request) => {
    const q = request.query as typeof SearchQuery.static;
    return ctx.search.search(
      {
        q: q.q,
        type: q.type,
        limit: q.limit ?? 20,
        offset: q.offset ?? 0,
        accountId: optionalId('account_id', q.account_id),
        maxId: optionalId('max_id', q.max_id),
        minId: optionalId('min_id', q.min_id),
        viewerId: viewerOf(request),
        following: flag(q.following),
      },
      ctx.config.publicUrl,
    );
  });
}
