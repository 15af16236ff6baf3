import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser, viewerOf } from '../http/auth.js';
import { unprocessable } from '../http/errors.js';
import { PageQuery, parsePage, setLinkHeader } from '../http/pagination.js';
import { IdParams, pathId, Flag, flag, idList } from '../http/params.js';

const CreateBody = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 20_000 })),
  spoiler_text: Type.Optional(Type.String({ maxLength: 1000 })),
  sensitive: Type.Optional(Flag),
  visibility: Type.Optional(Type.String({ maxLength: 20 })),
  language: Type.Optional(Type.String({ maxLength: 10 })),
  in_reply_to_id: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Integer(), Type.Null()])),
  media_ids: Type.Optional(Type.Union([Type.Array(Type.Union([Type.String({ maxLength: 32 }), Type.Integer()]), { maxItems: 4 }), Type.String({ maxLength: 32 })])),
  scheduled_at: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  poll: Type.Optional(Type.Unknown()),
});

const ReblogBody = Type.Object({ visibility: Type.Optional(Type.String({ maxLength: 20 })) });

export function postRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { posts, config } = ctx;

  app.post('/api/v1/statuses', { schema: { tags: ['statuses'], body: CreateBody } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    const body = (request.body ?? {}) as typeof CreateBody.static;
    const key = request.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' && key.length > 0 ? key.slice(0, 200) : undefined;
    let replyTo: number | undefined;
    if (body.in_reply_to_id !== undefined && body.in_reply_to_id !== null && body.in_reply_to_id !== '') {
      replyTo = idList(String(body.in_reply_to_id))[0];
      if (replyTo === undefined) throw unprocessable('Validation failed: in_reply_to_id is not an id');
    }
    const mediaIds = idList(body.media_ids);
    if (body.poll !== undefined && body.poll !== null) throw unprocessable('Validation failed: polls are not supported');
    return posts.create(auth.accountId, auth.appId, {
      status: body.status,
      spoiler_text: body.spoiler_text,
      sensitive: flag(body.sensitive),
      visibility: body.visibility,
      language: body.language,
      in_reply_to_id: replyTo,
      media_ids: mediaIds,
    }, idempotencyKey);
  });

  app.get('/api/v1/statuses/:id', { schema: { tags: ['statuses'], params: IdParams } }, async (request) => {
    return posts.show(pathId(request.params), viewerOf(request));
  });

  app.delete('/api/v1/statuses/:id', { schema: { tags: ['statuses'], params: IdParams } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    return posts.remove(auth.accountId, pathId(request.params));
  });

  app.get('/api/v1/statuses/:id/context', { schema: { tags: ['statuses'], params: IdParams } }, async (request) => {
    return posts.context(pathId(request.params), viewerOf(request));
  });

  app.post('/api/v1/statuses/:id/reblog', { schema: { tags: ['statuses'], params: IdParams, body: ReblogBody } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    return posts.reblog(auth.accountId, pathId(request.params), (request.body as typeof ReblogBody.static | undefined)?.visibility);
  });

  app.post('/api/v1/statuses/:id/unreblog', { schema: { tags: ['statuses'], params: IdParams } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    return posts.unreblog(auth.accountId, pathId(request.params));
  });

  for (const [path, on] of [['favourite', true], ['unfavourite', false]] as const) {
    app.post(`/api/v1/statuses/:id/${path}`, { schema: { tags: ['statuses'], params: IdParams } }, async (request) => {
      const auth = requireUser(request, 'write:favourites');
      return posts.favourite(auth.accountId, pathId(request.params), on);
    });
  }

  for (const [path, on] of [['bookmark', true], ['unbookmark', false]] as const) {
    app.post(`/api/v1/statuses/:id/${path}`, { schema: { tags: ['statuses'], params: IdParams } }, async (request) => {
      const auth = requireUser(request, 'write:bookmarks');
      return posts.bookmark(auth.accountId, pathId(request.params), on);
    });
  }

  for (const action of ['favourited_by', 'reblogged_by'] as const) {
    app.get(`/api/v1/statuses/:id/${action}`, { schema: { tags: ['statuses'], params: IdParams, querystring: PageQuery } }, async (request, reply) => {
      const page = parsePage(request.query as PageQuery, 40, 80);
      const { accounts, cursors } = await posts.whoActed(pathId(request.params), action, page, viewerOf(request));
      setLinkHeader(request, reply, config.publicUrl, cursors);
      return accounts;
    });
  }

  for (const [path, table, scope] of [['bookmarks', 'bookmarks', 'read:bookmarks'], ['favourites', 'favourites', 'read:favourites']] as const) {
    app.get(`/api/v1/${path}`, { schema: { tags: ['statuses'], querystring: PageQuery } }, async (request, reply) => {
      const auth = requireUser(request, scope);
      const { statuses, cursors } = await posts.marked(auth.accountId, table, parsePage(request.query as PageQuery));
      setLinkHeader(request, reply, config.publicUrl, cursors);
      return statuses;
    });
  }
}
