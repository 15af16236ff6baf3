// Grouped notifications, API v2 (Mastodon 4.3): the list, one group, its accounts, dismissing
// a group, and the unread count of groups.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { badRequest } from '../http/errors.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { Flag, Id, PageQuery, responses, type Api } from '../http/schemas.js';
import { Account, EmptyObject, GroupedNotificationsResults } from '../http/entities/index.js';
import { GroupedNotificationService } from './grouped.js';
import { CountQuery, CountResponse, readUpTo, TypeList } from './routes.js';

const tags = ['notifications'];
const GroupedTypes = Type.Array(Type.String({ maxLength: 30 }), { maxItems: 20 });
const ListQuery = Type.Composite([
  PageQuery,
  Type.Object({
    types: Type.Optional(TypeList),
    exclude_types: Type.Optional(TypeList),
    account_id: Type.Optional(Id),
    include_filtered: Type.Optional(Flag),
    grouped_types: Type.Optional(GroupedTypes),
    expand_accounts: Type.Optional(Type.String({ maxLength: 40 })),
  }),
]);
const GroupParams = Type.Object({ group_key: Type.String({ maxLength: 200 }) });

export function groupedNotificationRoutes(app: Api, ctx: AppContext): void {
  const { groupedNotifications: grouped, config } = ctx;

  app.get('/api/v2/notifications', { schema: { tags, querystring: ListQuery, response: responses({ 200: Type.Ref(GroupedNotificationsResults) }) } }, async (request, reply) => {
    const auth = requireUser(request, 'read:notifications');
    const q = request.query;
    const expand = q.expand_accounts ?? 'full';
    if (expand !== 'full' && expand !== 'partial_avatars') {
      throw badRequest(`Invalid value for 'expand_accounts': '${expand}', allowed values are 'full' and 'partial_avatars'`);
    }
    const filter = { types: q.types, excludeTypes: q.exclude_types, fromAccountId: q.account_id === undefined ? undefined : Number(q.account_id), includeFiltered: q.include_filtered };
    const groupedTypes = GroupedNotificationService.groupedTypes(q.grouped_types);
    const { results, cursors } = await grouped.list(auth.accountId, pageOf(q, 40, 80), filter, groupedTypes, expand === 'partial_avatars');
    setLinkHeader(request, reply, config.publicUrl, cursors);
    return results;
  });

  app.get('/api/v2/notifications/unread_count', { schema: { tags, querystring: Type.Composite([CountQuery, Type.Object({ grouped_types: Type.Optional(GroupedTypes) })]), response: responses({ 200: CountResponse }) } }, async (request) => {
    const auth = requireUser(request, 'read:notifications');
    const q = request.query;
    const filter = { types: q.types, excludeTypes: q.exclude_types, fromAccountId: q.account_id === undefined ? undefined : Number(q.account_id) };
    const count = await grouped.unreadCount(auth.accountId, await readUpTo(ctx, auth.accountId), Math.min(q.limit ?? 100, 1000), filter, GroupedNotificationService.groupedTypes(q.grouped_types));
    return { count };
  });

  app.get('/api/v2/notifications/:group_key', { schema: { tags, params: GroupParams, response: responses({ 200: Type.Ref(GroupedNotificationsResults) }) } }, async (request) => {
    const auth = requireUser(request, 'read:notifications');
    return grouped.group(auth.accountId, request.params.group_key);
  });

  app.get('/api/v2/notifications/:group_key/accounts', { schema: { tags, params: GroupParams, querystring: PageQuery, response: responses({ 200: Type.Array(Type.Ref(Account)) }) } }, async (request, reply) => {
    const auth = requireUser(request, 'read:notifications');
    const { accounts, cursors } = await grouped.accountsOf(auth.accountId, request.params.group_key, pageOf(request.query, 40, 80));
    setLinkHeader(request, reply, config.publicUrl, cursors);
    return accounts;
  });

  app.post('/api/v2/notifications/:group_key/dismiss', { schema: { tags, params: GroupParams, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireUser(request, 'write:notifications');
    await grouped.dismiss(auth.accountId, request.params.group_key);
    return {};
  });
}
