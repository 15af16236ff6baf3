// Mastodon's followed hashtags: POST /api/v1/tags/:name/follow|unfollow, GET /api/v1/followed_tags.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { PageQuery, responses, type Api } from '../http/schemas.js';
import { Tag } from '../http/entities/index.js';

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });
const one = responses({ 200: Type.Ref(Tag) });

export function tagFollowRoutes(app: Api, ctx: AppContext): void {
  const { tagFollows, config } = ctx;
  app.post('/api/v1/tags/:name/follow', { schema: { tags: ['tags'], params: NameParams, response: one } }, async (request) =>
    tagFollows.follow(requireUser(request, 'write:follows').accountId, request.params.name),
  );
  app.post('/api/v1/tags/:name/unfollow', { schema: { tags: ['tags'], params: NameParams, response: one } }, async (request) =>
    tagFollows.unfollow(requireUser(request, 'write:follows').accountId, request.params.name),
  );
  // Mastodon's FollowedTagsController: 100 a page by default, at most 200.
  app.get('/api/v1/followed_tags', { schema: { tags: ['tags'], querystring: PageQuery, response: responses({ 200: Type.Array(Type.Ref(Tag)) }) } }, async (request, reply) => {
    const { tags, cursors } = await tagFollows.followed(requireUser(request, 'read:follows').accountId, pageOf(request.query, 100, 200));
    setLinkHeader(request, reply, config.publicUrl, cursors);
    return tags;
  });
}
