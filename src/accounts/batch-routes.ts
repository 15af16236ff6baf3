// Mastodon's `GET /api/v1/accounts?id[]=…` (several accounts at once; apps use it to refresh the
// accounts they show). A static path, so `/api/v1/accounts/:id` never takes it.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { viewerOf } from '../http/auth.js';
import { unprocessable } from '../http/errors.js';
import { responses, type Api } from '../http/schemas.js';
import { Account } from '../http/entities/index.js';
import { findAccountsByIds } from './store.js';

/** Mastodon's DEFAULT_ACCOUNTS_LIMIT: more ids is a 422. */
export const MAX_ACCOUNTS = 40;

export function accountBatchRoutes(app: Api, ctx: AppContext): void {
  const query = Type.Object({ id: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 1000 })) });
  app.get('/api/v1/accounts', { schema: { tags: ['accounts'], querystring: query, response: responses({ 200: Type.Array(Type.Ref(Account)) }) } }, async (request) => {
    viewerOf(request, 'read:accounts');
    // Malformed ids name no account (skipped, as Rails's to_i makes them 0); repeats count once.
    const ids = [...new Set((request.query.id ?? []).filter((id) => /^[0-9]{1,16}$/.test(id)).map(Number))];
    if (ids.length > MAX_ACCOUNTS) throw unprocessable(`Validation failed: at most ${MAX_ACCOUNTS} accounts`);
    const rows = await findAccountsByIds(ctx.db.kysely, ids);
    // Unknown, suspended and not yet approved accounts are left out, as `/accounts/:id` 404s them.
    const byId = new Map(rows.filter((r) => !r.suspended_at && r.approved !== 0).map((r) => [Number(r.id), r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [ctx.accounts.present(row)] : [];
    });
  });
}
