import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { PageQuery, parsePage, setLinkHeader } from '../http/pagination.js';
import { IdParams, pathId } from '../http/params.js';
import { parseId } from '../lib/ids.js';
import { badRequest } from '../http/errors.js';
import { NOTIFICATION_TYPES } from './store.js';

function typeList(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  const list = (Array.isArray(raw) ? raw : [raw]).map(String);
  const unknown = list.filter((t) => !NOTIFICATION_TYPES.includes(t as never) && !['poll', 'status', 'update', 'follow_request', 'admin.sign_up', 'admin.report'].includes(t));
  if (unknown.length) throw badRequest(`Unknown notification type: ${unknown.join(', ')}`);
  return list;
}

export function notificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { notifications, config } = ctx;

  app.get('/api/v1/notifications', { schema: { tags: ['notifications'] } }, async (request, reply) => {
    const auth = requireUser(request, 'read:notifications');
    const q = request.query as Record<string, unknown>;
    const page = parsePage(
      { max_id: q.max_id as string, since_id: q.since_id as string, min_id: q.min_id as string, limit: q.limit === undefined ? undefined : pageLimit(q.limit) },
      40,
      80,
    );
    const accountId = q.account_id === undefined ? undefined : parseId(q.account_id);
    const { notifications: list, cursors } = await notifications.list(auth.accountId, page, {
      types: typeList(q.types ?? q['types[]']),
      excludeTypes: typeList(q.exclude_types ?? q['exclude_types[]']),
      accountId,
    });
    setLinkHeader(request, reply, config.publicUrl, cursors);
    return list;
  });

  app.get('/api/v1/notifications/unread_count', { schema: { tags: ['notifications'] } }, async (request) => {
    const auth = requireUser(request, 'read:notifications');
    const marker = await ctx.markers.get(auth.accountId, ['notifications']);
    const since = marker.notifications ? Number(marker.notifications.last_read_id) : 0;
    return { count: await notifications.unreadCount(auth.accountId, since, 100) };
  });

  app.post('/api/v1/notifications/clear', { schema: { tags: ['notifications'] } }, async (request) => {
    const auth = requireUser(request, 'write:notifications');
    await notifications.clear(auth.accountId);
    return {};
  });

  app.get('/api/v1/notifications/:id', { schema: { tags: ['notifications'], params: IdParams } }, async (request) => {
    const auth = requireUser(request, 'read:notifications');
    return notifications.get(auth.accountId, pathId(request.params));
  });

  app.post('/api/v1/notifications/:id/dismiss', { schema: { tags: ['notifications'], params: IdParams } }, async (request) => {
    const auth = requireUser(request, 'write:notifications');
    await notifications.dismiss(auth.accountId, pathId(request.params));
    return {};
  });
}

function pageLimit(raw: unknown): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest('limit must be a positive integer');
  return n;
}

