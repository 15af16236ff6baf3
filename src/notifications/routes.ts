import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { Flag, Id, IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { EmptyObject, Notification } from '../http/entities/index.js';
import { NOTIFICATION_TYPES } from './store.js';

// Mastodon's types that Sirb never creates are accepted as filters and simply match nothing.
const FILTER_TYPES = [...new Set<string>([...NOTIFICATION_TYPES, 'poll', 'status', 'update', 'admin.sign_up', 'admin.report'])];
export const TypeList = Type.Array(Type.Unsafe<string>({ type: 'string', enum: FILTER_TYPES }), { maxItems: FILTER_TYPES.length });

const ListQuery = Type.Composite([
  PageQuery,
  Type.Object({ types: Type.Optional(TypeList), exclude_types: Type.Optional(TypeList), account_id: Type.Optional(Id), include_filtered: Type.Optional(Flag) }),
]);

/** What unread_count counts (v1 and v2): up to `limit` (100 unless asked, at most 1000). */
export const CountQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  types: Type.Optional(TypeList),
  exclude_types: Type.Optional(TypeList),
  account_id: Type.Optional(Id),
});
export const CountResponse = Type.Object({ count: Type.Integer() }, { additionalProperties: false });

const tags = ['notifications'];

export function notificationRoutes(app: Api, ctx: AppContext): void {
  const { notifications, config } = ctx;

  app.get('/api/v1/notifications', { schema: { tags, querystring: ListQuery, response: responses({ 200: Type.Array(Type.Ref(Notification)) }) } }, async (request, reply) => {
    const auth = requireUser(request, 'read:notifications');
    const q = request.query;
    const { notifications: list, cursors } = await notifications.list(auth.accountId, pageOf(q, 40, 80), {
      types: q.types,
      excludeTypes: q.exclude_types,
      fromAccountId: q.account_id === undefined ? undefined : Number(q.account_id),
      includeFiltered: q.include_filtered,
    });
    setLinkHeader(request, reply, config.publicUrl, cursors);
    return list;
  });

  app.get('/api/v1/notifications/unread_count', { schema: { tags, querystring: CountQuery, response: responses({ 200: CountResponse }) } }, async (request) => {
    const auth = requireUser(request, 'read:notifications');
    const q = request.query;
    const since = await readUpTo(ctx, auth.accountId);
    const filter = { types: q.types, excludeTypes: q.exclude_types, fromAccountId: q.account_id === undefined ? undefined : Number(q.account_id) };
    return { count: await notifications.unreadCount(auth.accountId, since, Math.min(q.limit ?? 100, 1000), filter) };
  });

  app.post('/api/v1/notifications/clear', { schema: { tags, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireUser(request, 'write:notifications');
    await notifications.clear(auth.accountId);
    return {};
  });

  app.get('/api/v1/notifications/:id', { schema: { tags, params: IdParams, response: responses({ 200: Type.Ref(Notification) }) } }, async (request) => {
    const auth = requireUser(request, 'read:notifications');
    return notifications.get(auth.accountId, Number(request.params.id));
  });

  app.post('/api/v1/notifications/:id/dismiss', { schema: { tags, params: IdParams, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireUser(request, 'write:notifications');
    await notifications.dismiss(auth.accountId, Number(request.params.id));
    return {};
  });
}

/** The notifications marker's position (0 when never set): what unread counts start after. */
export async function readUpTo(ctx: AppContext, accountId: number): Promise<number> {
  const marker = await ctx.markers.get(accountId, ['notifications']);
  return marker.notifications ? Number(marker.notifications.last_read_id) : 0;
}
