import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { hashtagKey } from '../lib/arabic.js';

const TrendQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
});

export function trendRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const path of ['/api/v1/trends/tags', '/api/v1/trends']) {
    app.get(path, { schema: { tags: ['trends'], querystring: TrendQuery } }, async (request) => {
      const q = request.query as typeof TrendQuery.static;
      return ctx.trends.trendingTags(q.limit ?? 10, q.offset ?? 0);
    });
  }

  app.get('/api/v1/tags/:name', { schema: { tags: ['trends'], params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }) } }, async (request) => {
    const tag = await ctx.trends.tag(hashtagKey((request.params as { name: string }).name));
    if (!tag) throw notFound();
    return tag;
  });
}
