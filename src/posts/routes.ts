import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser, viewerOf } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { Flag, Id, IdList, IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { Account, Context, ScheduledStatus, Status, StatusList } from '../http/entities/index.js';

// poll[options][]=…&poll[expires_in]=…, or the same nested in JSON; checked in polls/service.ts.
export const PollParams = Type.Object({
  options: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 20 })),
  expires_in: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 32 })])),
  multiple: Type.Optional(Flag),
  hide_totals: Type.Optional(Flag),
});

const CreateBody = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 20_000 })),
  spoiler_text: Type.Optional(Type.String({ maxLength: 1000 })),
  sensitive: Type.Optional(Flag),
  visibility: Type.Optional(Type.String({ maxLength: 20 })),
  language: Type.Optional(Type.String({ maxLength: 10 })),
  // Null first: ajv turns "" into null there, before the id branch could turn null into "".
  in_reply_to_id: Type.Optional(Type.Union([Type.Null(), Id])),
  media_ids: Type.Optional(Type.Array(Id, { maxItems: 4 })),
  scheduled_at: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 64 })])),
  poll: Type.Optional(Type.Union([Type.Null(), PollParams])),
});

const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) });

const ReblogBody = Type.Object({ visibility: Type.Optional(Type.String({ maxLength: 20 })) });

const tags = ['statuses'];
const StatusRef = Type.Ref(Status);

export function postRoutes(app: Api, ctx: AppContext): void {
  const { posts, config, activeFilters } = ctx;

  // A Status, or with scheduled_at a ScheduledStatus (Mastodon answers both here).
  const created = responses({ 200: Type.Union([StatusRef, Type.Ref(ScheduledStatus)]) });
  app.post('/api/v1/statuses', { schema: { tags, body: CreateBody, headers: IdempotencyHeaders, response: created } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    const body = request.body;
    const post = {
      status: body.status,
      spoiler_text: body.spoiler_text,
      sensitive: body.sensitive,
      visibility: body.visibility,
      language: body.language,
      in_reply_to_id: body.in_reply_to_id ? Number(body.in_reply_to_id) : undefined,
      media_ids: (body.media_ids ?? []).map(Number),
      poll: body.poll ?? undefined,
    };
    const idempotencyKey = request.headers['idempotency-key'] || undefined;
    if (body.scheduled_at) return ctx.scheduled.schedule(auth.accountId, auth.appId, post, body.scheduled_at, idempotencyKey);
    return posts.create(auth.accountId, auth.appId, post, idempotencyKey);
  });

  const ManyQuery = Type.Object({ id: Type.Optional(IdList(20)) });
  app.get('/api/v1/statuses', { schema: { tags, querystring: ManyQuery, response: responses({ 200: Type.Array(StatusRef) }) } }, async (request) => {
    const ids = [...new Set((request.query.id ?? []).filter((id) => /^[0-9]{1,16}$/.test(id)).map(Number))];
    return posts.showMany(ids, viewerOf(request));
  });

  app.get('/api/v1/statuses/:id', { schema: { tags, params: IdParams, response: responses({ 200: StatusRef }) } }, async (request) => {
    // A status on its own: every filter it matches is listed in `filtered`, none hides it (Mastodon).
    const viewerId = viewerOf(request);
    return (await activeFilters.one(viewerId, undefined, await posts.show(Number(request.params.id), viewerId)))!;
  });

  app.delete('/api/v1/statuses/:id', { schema: { tags, params: IdParams, response: responses({ 200: StatusRef }) } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    return posts.remove(auth.accountId, Number(request.params.id));
  });

  app.get('/api/v1/statuses/:id/context', { schema: { tags, params: IdParams, response: responses({ 200: Type.Ref(Context) }) } }, async (request) => {
    const viewerId = viewerOf(request);
    const { ancestors, descendants } = await posts.context(Number(request.params.id), viewerId);
    // The thread's keyword filters (filters/active.ts): hide leaves a status out, warn marks it.
    return { ancestors: await activeFilters.statuses(viewerId, 'thread', ancestors), descendants: await activeFilters.statuses(viewerId, 'thread', descendants) };
  });

  app.post('/api/v1/statuses/:id/reblog', { schema: { tags, params: IdParams, body: ReblogBody, response: responses({ 200: StatusRef }) } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    return posts.reblog(auth.accountId, Number(request.params.id), request.body.visibility);
  });

  app.post('/api/v1/statuses/:id/unreblog', { schema: { tags, params: IdParams, response: responses({ 200: StatusRef }) } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    return posts.unreblog(auth.accountId, Number(request.params.id));
  });

  for (const [path, on] of [['favourite', true], ['unfavourite', false]] as const) {
    app.post(`/api/v1/statuses/:id/${path}`, { schema: { tags, params: IdParams, response: responses({ 200: StatusRef }) } }, async (request) => {
      const auth = requireUser(request, 'write:favourites');
      return posts.favourite(auth.accountId, Number(request.params.id), on);
    });
  }

  for (const [path, on] of [['bookmark', true], ['unbookmark', false]] as const) {
    app.post(`/api/v1/statuses/:id/${path}`, { schema: { tags, params: IdParams, response: responses({ 200: StatusRef }) } }, async (request) => {
      const auth = requireUser(request, 'write:bookmarks');
      return posts.bookmark(auth.accountId, Number(request.params.id), on);
    });
  }

  for (const action of ['favourited_by', 'reblogged_by'] as const) {
    app.get(`/api/v1/statuses/:id/${action}`, { schema: { tags, params: IdParams, querystring: PageQuery, response: responses({ 200: Type.Array(Type.Ref(Account)) }) } }, async (request, reply) => {
      const { accounts, cursors } = await posts.whoActed(Number(request.params.id), action, pageOf(request.query, 40, 80), viewerOf(request, 'read:accounts'));
      setLinkHeader(request, reply, config.publicUrl, cursors);
      return accounts;
    });
  }

  for (const [path, table, scope] of [['bookmarks', 'bookmarks', 'read:bookmarks'], ['favourites', 'favourites', 'read:favourites']] as const) {
    app.get(`/api/v1/${path}`, { schema: { tags, querystring: PageQuery, response: responses({ 200: StatusList }) } }, async (request, reply) => {
      const auth = requireUser(request, scope);
      const { statuses, cursors } = await posts.marked(auth.accountId, table, pageOf(request.query));
      setLinkHeader(request, reply, config.publicUrl, cursors);
      // No filter context here (Mastodon): matches are listed in `filtered`, nothing is hidden.
      return activeFilters.statuses(auth.accountId, undefined, statuses);
    });
  }
}
