import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { viewerOf } from '../http/auth.js';
import { Flag, Id, responses, type Api } from '../http/schemas.js';
import { SearchResults } from '../http/entities/index.js';

const SearchQuery = Type.Object({
  q: Type.String({ maxLength: 500 }),
  type: Type.Optional(Type.Union([Type.Literal('accounts'), Type.Literal('hashtags'), Type.Literal('statuses')])),
  resolve: Type.Optional(Flag),
  following: Type.Optional(Flag),
  account_id: Type.Optional(Id),
  exclude_unreviewed: Type.Optional(Flag),
  max_id: Type.Optional(Id),
  min_id: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 40 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
});

const optionalId = (id: string | undefined) => (id === undefined ? undefined : Number(id));

export function searchRoutes(app: Api, ctx: AppContext): void {
  app.get('/api/v2/search', { schema: { tags: ['search'], querystring: SearchQuery, response: responses({ 200: Type.Ref(SearchResults) }) } }, async (request) => {
    const q = request.query;
    const viewerId = viewerOf(request, 'read:search');
    const results = await ctx.search.search(
      {
        q: q.q,
        type: q.type,
        limit: q.limit ?? 20,
        offset: q.offset ?? 0,
        accountId: optionalId(q.account_id),
        maxId: optionalId(q.max_id),
        minId: optionalId(q.min_id),
        viewerId,
        following: q.following,
      },
      ctx.config.publicUrl,
    );
    // Search has no filter context (Mastodon): the viewer's matches are listed, nothing hidden.
    return { ...results, statuses: await ctx.activeFilters.statuses(viewerId, undefined, results.statuses) };
  });
}
