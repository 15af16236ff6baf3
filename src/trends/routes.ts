import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { viewerOf } from '../http/auth.js';
import { responses, type Api } from '../http/schemas.js';
import { Status, Tag } from '../http/entities/index.js';
import { trendingStatusIds } from './statuses.js';
import { hashtagKey } from '../lib/arabic.js';
import { LinkTrends } from './links.js';
import { TrendLink } from '../http/entities/trend-link.js';

const TrendQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 40 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
});

export function trendRoutes(app: Api, ctx: AppContext): void {
  for (const path of ['/api/v1/trends/tags', '/api/v1/trends']) {
    app.get(path, { schema: { tags: ['trends'], querystring: TrendQuery, response: responses({ 200: Type.Array(Type.Ref(Tag)) }) } }, async (request) => {
      return ctx.trends.trendingTags(request.query.limit ?? 10, request.query.offset ?? 0);
    });
  }

  app.get('/api/v1/tags/:name', { schema: { tags: ['trends'], params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }), response: responses({ 200: Type.Ref(Tag) }) } }, async (request) => {
    const tag = await ctx.trends.tag(hashtagKey(request.params.name), viewerOf(request));
    if (!tag) throw notFound();
    return tag;
  });
}

/** Trending posts and links. */
export function statusTrendRoutes(app: Api, ctx: AppContext): void {
  const links = new LinkTrends(ctx.db.kysely, ctx.visibility, ctx.clock);
  app.get('/api/v1/trends/statuses', { schema: { tags: ['trends'], querystring: TrendQuery, response: responses({ 200: Type.Array(Type.Ref(Status)) }) } }, async (request) => {
    const ids = await trendingStatusIds(ctx.db.kysely, ctx.clock(), request.query.limit ?? 20, request.query.offset ?? 0);
    return ctx.posts.showMany(ids, viewerOf(request));
  });
  app.get('/api/v1/trends/links', { schema: { tags: ['trends'], querystring: TrendQuery, response: responses({ 200: Type.Array(TrendLink) }) } }, async (request) => {
    return links.trending(request.query.limit ?? 10, request.query.offset ?? 0, viewerOf(request));
  });
}
