// Mastodon's admin accounts API (v1 and v2 lists, one account, actions, undoing them, deleting
// a suspended account's data). Approve and reject are sign-up's (accounts/…, w/signup).
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { Flag, IdList, IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { EmptyObject } from '../http/entities/index.js';
import { requireStaff } from './roles.js';
import { AdminAccount } from './admin-entities.js';
import type { AdminAccountFilter, AccountStatus } from './admin-accounts-store.js';
import type { AdminAccountService } from './admin-accounts.js';

const tags = ['admin'];
const Text = (max = 200) => Type.Optional(Type.String({ maxLength: max }));

const V1Query = Type.Intersect([
  PageQuery,
  Type.Object({
    local: Type.Optional(Flag), remote: Type.Optional(Flag), active: Type.Optional(Flag), pending: Type.Optional(Flag),
    disabled: Type.Optional(Flag), silenced: Type.Optional(Flag), suspended: Type.Optional(Flag), sensitized: Type.Optional(Flag),
    staff: Type.Optional(Flag), by_domain: Text(), username: Text(), display_name: Text(), email: Text(320), ip: Text(64),
  }),
]);

const V2Query = Type.Intersect([
  PageQuery,
  Type.Object({
    origin: Type.Optional(Type.Union([Type.Literal('local'), Type.Literal('remote')])),
    status: Type.Optional(Type.Union(['active', 'pending', 'disabled', 'silenced', 'suspended'].map((s) => Type.Literal(s)))),
    permissions: Type.Optional(Type.Literal('staff')),
    role_ids: Type.Optional(IdList(10)),
    invited_by: Text(32), by_domain: Text(), username: Text(), display_name: Text(), email: Text(320), ip: Text(64),
  }),
]);

const ActionBody = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 50 })),
  report_id: Type.Optional(Type.String({ maxLength: 32 })),
  warning_preset_id: Type.Optional(Type.String({ maxLength: 32 })),
  text: Type.Optional(Type.String({ maxLength: 5000 })),
  send_email_notification: Type.Optional(Flag),
});

type V1 = { local?: boolean; remote?: boolean; active?: boolean; pending?: boolean; disabled?: boolean; silenced?: boolean; suspended?: boolean; sensitized?: boolean; staff?: boolean; by_domain?: string; username?: string; display_name?: string; email?: string; ip?: string };

/** v1's booleans as the v2 filter (the last status asked for wins, as in Mastodon's AccountFilter). */
export function filterFromV1(q: V1): AdminAccountFilter {
  const statuses: AccountStatus[] = ['active', 'pending', 'disabled', 'silenced', 'suspended', 'sensitized'];
  return {
    origin: q.remote ? 'remote' : q.local ? 'local' : undefined,
    status: statuses.filter((s) => q[s]).pop(),
    staff: q.staff || undefined,
    byDomain: q.by_domain || undefined,
    username: q.username || undefined,
    displayName: q.display_name || undefined,
    email: q.email || undefined,
    ip: q.ip || undefined,
  };
}

export function filterFromV2(q: { origin?: 'local' | 'remote'; status?: string; permissions?: string; role_ids?: string[]; invited_by?: string; by_domain?: string; username?: string; display_name?: string; email?: string; ip?: string }): AdminAccountFilter {
  return {
    origin: q.origin,
    status: q.status as AccountStatus | undefined,
    staff: q.permissions === 'staff' || undefined,
    roleIds: q.role_ids,
    invitedBy: q.invited_by || undefined,
    byDomain: q.by_domain || undefined,
    username: q.username || undefined,
    displayName: q.display_name || undefined,
    email: q.email || undefined,
    ip: q.ip || undefined,
  };
}

export function adminAccountRoutes(app: Api, ctx: AppContext & { adminAccounts: AdminAccountService }): void {
  const { adminAccounts, config } = ctx;
  const List = Type.Array(AdminAccount);
  const one = { params: IdParams, response: responses({ 200: AdminAccount }) };

  app.get('/api/v1/admin/accounts', { schema: { tags, querystring: V1Query, response: responses({ 200: List }) } }, async (request, reply) => {
    requireStaff(request, 'admin:read:accounts', 'manage_users');
    const { accounts, cursors } = await adminAccounts.list(filterFromV1(request.query), pageOf(request.query, 100, 200));
    setLinkHeader(request, reply, config.publicUrl, cursors);
    return accounts;
  });

  app.get('/api/v2/admin/accounts', { schema: { tags, querystring: V2Query, response: responses({ 200: List }) } }, async (request, reply) => {
    requireStaff(request, 'admin:read:accounts', 'manage_users');
    const { accounts, cursors } = await adminAccounts.list(filterFromV2(request.query), pageOf(request.query, 100, 200));
    setLinkHeader(request, reply, config.publicUrl, cursors);
    return accounts;
  });

  app.get('/api/v1/admin/accounts/:id', { schema: { tags, ...one } }, async (request) => {
    requireStaff(request, 'admin:read:accounts', 'manage_users');
    return adminAccounts.get(Number(request.params.id));
  });

  app.post('/api/v1/admin/accounts/:id/action', { schema: { tags, params: IdParams, body: ActionBody, response: responses({ 200: EmptyObject }) } }, async (request) => {
    // Staff who manage users or reports (checked by the service, with the target's rank).
    const auth = requireUser(request, 'admin:write:accounts');
    await adminAccounts.act(auth, Number(request.params.id), { ...request.body, type: request.body.type ?? '' });
    return {};
  });

  // Mastodon's policies: enable, unsilence and unsensitive need manage_users only.
  for (const what of ['enable', 'unsilence', 'unsensitive'] as const) {
    app.post(`/api/v1/admin/accounts/:id/${what}`, { schema: { tags, ...one } }, async (request) => {
      const auth = requireStaff(request, 'admin:write:accounts', 'manage_users');
      return adminAccounts.undo(auth, Number(request.params.id), what);
    });
  }

  app.post('/api/v1/admin/accounts/:id/unsuspend', { schema: { tags, ...one } }, async (request) => {
    const auth = requireStaff(request, 'admin:write:accounts', 'manage_users');
    return adminAccounts.unsuspend(auth, Number(request.params.id));
  });

  app.delete('/api/v1/admin/accounts/:id', { schema: { tags, ...one } }, async (request) => {
    const auth = requireStaff(request, 'admin:write:accounts', 'delete_user_data');
    return adminAccounts.purge(auth, Number(request.params.id));
  });
}
