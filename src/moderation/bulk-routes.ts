// Bulk suspension (Sirb extension, CONTRACTS.md): one request suspends or unsuspends a whole set
// of accounts (listed ids, listed usernames, or a v2 admin accounts filter) in the background,
// and staff poll its progress. Permission manage_users, scope admin:write:accounts (reads:
// admin:read:accounts); staff in the set are skipped unless the actor outranks them.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { notFound, unprocessable } from '../http/errors.js';
import { Id, IdParams, responses, type Api } from '../http/schemas.js';
import { requireStaff } from './roles.js';
import { resolveTargets } from './bulk-targets.js';

/** Enough for 100,000 listed usernames; every other route keeps the app's 1 MB. */
const BODY_LIMIT = 8 * 1024 * 1024;
const MAX_LISTED = 100_000;

const BulkAction = Type.Object(
  {
    id: Id,
    type: Type.String(),
    state: Type.Union([Type.Literal('running'), Type.Literal('finished'), Type.Literal('failed')]),
    total: Type.Integer(),
    done: Type.Integer(),
    failed: Type.Integer(),
    created_at: Type.String({ format: 'date-time' }),
    finished_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { additionalProperties: false },
);

const BulkBody = Type.Object({
  type: Type.String({ maxLength: 20 }),
  account_ids: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: MAX_LISTED })),
  usernames: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: MAX_LISTED })),
  filter: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), { maxProperties: 20 })),
  text: Type.Optional(Type.String({ maxLength: 5000 })),
});

const ListQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) });

const tags = ['admin'];

export function bulkActionRoutes(app: Api, ctx: AppContext): void {
  app.post(
    '/api/v1/admin/accounts/bulk_action',
    { bodyLimit: BODY_LIMIT, schema: { tags, body: BulkBody, response: responses({ 202: BulkAction }) } },
    async (request, reply) => {
      const auth = requireStaff(request, 'admin:write:accounts', 'manage_users');
      const { type, text } = request.body;
      if (type !== 'suspend' && type !== 'unsuspend') throw unprocessable('Validation failed: type must be suspend or unsuspend');
      const targets = await resolveTargets(ctx.db.kysely, request.body);
      if (targets.ids.length + targets.unknown === 0) throw unprocessable('Validation failed: no accounts to act on');
      const action = await ctx.bulkActions.start({
        actorId: auth.accountId,
        actorRole: auth.role,
        type,
        ids: targets.ids,
        unknown: targets.unknown,
        reason: text?.trim() || null,
      });
      return reply.code(202).send(action);
    },
  );

  app.get('/api/v1/admin/bulk_actions', { schema: { tags, querystring: ListQuery, response: responses({ 200: Type.Array(BulkAction) }) } }, async (request) => {
    requireStaff(request, 'admin:read:accounts', 'manage_users');
    return ctx.bulkActions.list(request.query.limit ?? 40);
  });

  app.get('/api/v1/admin/bulk_actions/:id', { schema: { tags, params: IdParams, response: responses({ 200: BulkAction }) } }, async (request) => {
    requireStaff(request, 'admin:read:accounts', 'manage_users');
    const action = await ctx.bulkActions.get(Number(request.params.id));
    if (!action) throw notFound();
    return action;
  });
}
