// Sign-up moderation and invites: Mastodon's POST /api/v1/admin/accounts/:id/approve|reject,
// and invite links (Sirb extension: POST/GET /api/v1/invites, DELETE /api/v1/invites/:id).
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { IdParams, responses, type Api } from '../http/schemas.js';
import { Account, EmptyObject } from '../http/entities/index.js';
import { Nullable } from '../http/entities/common.js';
import { requireStaff } from '../moderation/roles.js';
import { approveAccount, rejectAccount } from './approvals.js';
import { presentAdminAccount } from '../moderation/admin-account-presenter.js';
import { ipsOf } from './ips.js';
import { AdminAccount } from '../http/entities/admin-account.js';
import { createInvite, expireInvite, listInvites, presentInvite } from './invites.js';

const strict = { additionalProperties: false } as const;

/** Mastodon's Admin::Account, the fields Sirb has (no $id: the admin accounts API owns that name). */

const Invite = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    url: Type.String({ description: "the web app's sign-up page with the code" }),
    uses: Type.Integer(),
    max_uses: Nullable(Type.Integer()),
    expires_at: Nullable(Type.String()),
    created_at: Type.String(),
  },
  { ...strict, description: 'Sirb extension: an invite link' },
);

const InviteBody = Type.Object({
  max_uses: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  // Thirty minutes to a year, in seconds (Mastodon's web UI offers 30 min to a week).
  expires_in: Type.Optional(Type.Integer({ minimum: 60, maximum: 366 * 86_400 })),
});

export function signUpRoutes(app: Api, ctx: AppContext): void {
  const admin = ['admin'];

  app.post('/api/v1/admin/accounts/:id/approve', { schema: { tags: admin, params: IdParams, response: responses({ 200: Type.Ref(AdminAccount) }) } }, async (request) => {
    const auth = requireStaff(request, 'admin:write:accounts', 'manage_users');
    const row = await approveAccount(ctx.db.kysely, ctx.write, { id: auth.accountId, role: auth.role }, Number(request.params.id), ctx.clock());
    return presentAdminAccount(row, ctx.config.publicUrl, { ips: await ipsOf(ctx.db.kysely, row.id) });
  });

  app.post('/api/v1/admin/accounts/:id/reject', { schema: { tags: admin, params: IdParams, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireStaff(request, 'admin:write:accounts', 'manage_users');
    await rejectAccount(ctx.db.kysely, ctx.write, { id: auth.accountId, role: auth.role }, Number(request.params.id), ctx.clock());
    return {};
  });

  // Invites: staff who may invite (Mastodon's invite_users permission; moderators have it).
  const tags = ['invites'];
  app.post('/api/v1/invites', { schema: { tags, body: Type.Optional(InviteBody), response: responses({ 200: Invite }) } }, async (request) => {
    const auth = requireStaff(request, 'write:accounts', 'invite_users');
    const body = request.body ?? {};
    const row = await createInvite(ctx.db.kysely, auth.accountId, { maxUses: body.max_uses, expiresIn: body.expires_in }, ctx.clock());
    return presentInvite(row, ctx.config.publicUrl);
  });

  app.get('/api/v1/invites', { schema: { tags, response: responses({ 200: Type.Array(Invite) }) } }, async (request) => {
    const auth = requireStaff(request, 'read:accounts', 'invite_users');
    return (await listInvites(ctx.db.kysely, auth.accountId)).map((row) => presentInvite(row, ctx.config.publicUrl));
  });

  app.delete('/api/v1/invites/:id', { schema: { tags, params: IdParams, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireStaff(request, 'write:accounts', 'invite_users');
    await expireInvite(ctx.db.kysely, auth.accountId, Number(request.params.id), ctx.clock());
    return {};
  });
}
