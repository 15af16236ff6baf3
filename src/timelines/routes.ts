import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TimelinePage } from './service.js';
import type { AppContext } from '../context.js';
import { requireUser, viewerOf } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { Flag, IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { EncodedStatusList } from '../http/entities/index.js';
import type { FilterContext } from '../filters/matcher.js';

const PublicQuery = Type.Composite([PageQuery, Type.Object({ local: Type.Optional(Flag), remote: Type.Optional(Flag), only_media: Type.Optional(Flag) })]);
const AccountStatusesQuery = Type.Composite([
  PageQuery,
  Type.Object({
    exclude_replies: Type.Optional(Flag),
    exclude_reblogs: Type.Optional(Flag),
    only_media: Type.Optional(Flag),
    pinned: Type.Optional(Flag),
    tagged: Type.Optional(Type.String({ maxLength: 200 })),
  }),
]);

const page = responses({ 200: EncodedStatusList });

export function timelineRoutes(app: Api, ctx: AppContext): void {
  const { timelines, config, activeFilters } = ctx;
  // The page comes already serialised: Fastify sends bytes as they are, without the response
  // schema's serializer. Only its Link header is added here, and the viewer's keyword filters
  // for this context (filters/active.ts: the bytes come back as they are when there are none).
  const sendPage = async (request: FastifyRequest, reply: FastifyReply, timelinePage: TimelinePage, context: FilterContext) => {
    setLinkHeader(request, reply, config.publicUrl, timelinePage.cursors);
    reply.type('application/json; charset=utf-8');
    return activeFilters.page(viewerOf(request), context, timelinePage.statusesJson);
  };

  app.get('/api/v1/timelines/home', { schema: { tags: ['timelines'], querystring: PageQuery, response: page } }, async (request, reply) => {
    const auth = requireUser(request, 'read:statuses');
    return sendPage(request, reply, await timelines.homeTimeline(auth.accountId, pageOf(request.query)), 'home');
  });

  app.get('/api/v1/timelines/public', { schema: { tags: ['timelines'], querystring: PublicQuery, response: page } }, async (request, reply) => {
    const q = request.query;
    // Every account here is local and remote ones do not exist, so remote=true is simply empty.
    if (q.remote) return [];
    return sendPage(request, reply, await timelines.publicTimeline(pageOf(q), viewerOf(request), { onlyMedia: q.only_media }), 'public');
  });

  app.get('/api/v1/timelines/tag/:hashtag', { schema: { tags: ['timelines'], params: Type.Object({ hashtag: Type.String({ minLength: 1, maxLength: 200 }) }), querystring: PublicQuery, response: page } }, async (request, reply) => {
    const q = request.query;
    if (q.remote) return [];
    return sendPage(request, reply, await timelines.tagTimeline(request.params.hashtag, pageOf(q), viewerOf(request), { onlyMedia: q.only_media }), 'public');
  });

  app.get('/api/v1/timelines/link', { schema: { tags: ['timelines'], querystring: Type.Composite([PageQuery, Type.Object({ url: Type.String({ minLength: 1, maxLength: 2048 }) })]), response: page } }, async (request, reply) => {
    const q = request.query;
    return sendPage(request, reply, await timelines.linkTimeline(q.url, pageOf(q), viewerOf(request)), 'public');
  });

  app.get('/api/v1/accounts/:id/statuses', { schema: { tags: ['accounts', 'timelines'], params: IdParams, querystring: AccountStatusesQuery, response: page } }, async (request, reply) => {
    const q = request.query;
    const timelinePage = await timelines.accountTimeline(Number(request.params.id), pageOf(q), {
      viewerId: viewerOf(request),
      excludeReplies: q.exclude_replies,
      excludeReblogs: q.exclude_reblogs,
      pinned: q.pinned,
      onlyMedia: q.only_media,
      tagKey: q.tagged,
    });
    return sendPage(request, reply, timelinePage, 'account');
  });
}
