import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TimelinePage } from './service.js';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser, viewerOf } from '../http/auth.js';
import { PageQuery, parsePage, setLinkHeader } from '../http/pagination.js';
import { IdParams, pathId, Flag, flag } from '../http/params.js';

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

export function timelineRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { timelines, config } = ctx;
  // The page comes already serialised; only its Link header is added here.
  const sendPage = (request: FastifyRequest, reply: FastifyReply, page: TimelinePage) => {
    setLinkHeader(request, reply, config.publicUrl, page.cursors);
    return reply.type('application/json; charset=utf-8').send(page.statusesJson);
  };

  app.get('/api/v1/timelines/home', { schema: { tags: ['timelines'], querystring: PageQuery } }, async (request, reply) => {
    const auth = requireUser(request, 'read:statuses');
    const page = await timelines.homeTimeline(auth.accountId, parsePage(request.query as PageQuery));
    return sendPage(request, reply, page);
  });

  app.get('/api/v1/timelines/public', { schema: { tags: ['timelines'], querystring: PublicQuery } }, async (request, reply) => {
    const q = request.query as typeof PublicQuery.static;
    // Every account here is local and remote ones do not exist, so remote=true is simply empty.
    if (flag(q.remote) || flag(q.only_media)) return [];
    const page = await timelines.publicTimeline(parsePage(q), viewerOf(request));
    return sendPage(request, reply, page);
  });

  app.get('/api/v1/timelines/tag/:hashtag', { schema: { tags: ['timelines'], params: Type.Object({ hashtag: Type.String({ minLength: 1, maxLength: 200 }) }), querystring: PublicQuery } }, async (request, reply) => {
    const q = request.query as typeof PublicQuery.static;
    if (flag(q.remote) || flag(q.only_media)) return [];
    const { hashtag } = request.params as { hashtag: string };
    const page = await timelines.tagTimeline(hashtag, parsePage(q), viewerOf(request));
    return sendPage(request, reply, page);
  });

  app.get('/api/v1/accounts/:id/statuses', { schema: { tags: ['accounts', 'timelines'], params: IdParams, querystring: AccountStatusesQuery } }, async (request, reply) => {
    const q = request.query as typeof AccountStatusesQuery.static;
    if (flag(q.only_media)) return [];
    const page = await timelines.accountTimeline(pathId(request.params), parsePage(q), {
      viewerId: viewerOf(request),
      excludeReplies: flag(q.exclude_replies),
      excludeReblogs: flag(q.exclude_reblogs),
      pinned: flag(q.pinned),
      tagKey: q.tagged,
    });
    return sendPage(request, reply, page);
  });
}
