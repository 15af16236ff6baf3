// Finding people: the profile directory, follow suggestions (v2) and familiar followers.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser, viewerOf } from '../http/auth.js';
import { IdList, Flag, responses, type Api } from '../http/schemas.js';
import { Account } from '../http/entities/index.js';
import { findAccountsByIds } from './store.js';
import { familiarFollowerIds, suggestedAccountIds } from './follows.js';
import { accountShownCondition, type SqlViewer } from '../visibility/sql.js';

const tags = ['accounts'];

const DirectoryQuery = Type.Object({
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 80 })),
  order: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('new')])),
  local: Type.Optional(Flag),
});

const Suggestion = Type.Object({
  source: Type.String(),
  sources: Type.Array(Type.String()),
  account: Type.Ref(Account),
});

const FamiliarFollowers = Type.Object({ id: Type.String(), accounts: Type.Array(Type.Ref(Account)) });

export function discoveryAccountRoutes(app: Api, ctx: AppContext): void {
  const db = ctx.db.kysely;
  // Lists of people leave out whom the viewer blocks, is blocked by or mutes (Mastodon's not_excluded_by_account).
  const viewer = (id: number | undefined): SqlViewer | undefined => (id === undefined ? undefined : { id, now: ctx.clock() });

  app.get('/api/v1/directory', { schema: { tags, querystring: DirectoryQuery, response: responses({ 200: Type.Array(Type.Ref(Account)) }) } }, async (request) => {
    const { offset = 0, limit = 40, order = 'active' } = request.query;
    // Every account is local (Sirb does not federate), so `local` changes nothing.
    let q = db.selectFrom('accounts').selectAll().where('suspended_at', 'is', null).where('discoverable', '=', 1).where(accountShownCondition(db, 'accounts.id', viewer(viewerOf(request, 'read'))));
    q = order === 'new' ? q.orderBy('created_at', 'desc') : q.orderBy((eb) => eb.fn.coalesce('last_status_at', eb.val(0)), 'desc');
    const rows = await q.orderBy('id', 'desc').limit(limit).offset(offset).execute();
    return rows.map((row) => ctx.accounts.present(row));
  });

  const SuggestionQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 80 })) });
  app.get('/api/v2/suggestions', { schema: { tags, querystring: SuggestionQuery, response: responses({ 200: Type.Array(Suggestion) }) } }, async (request) => {
    const auth = requireUser(request, 'read');
    const picked = await suggestedAccountIds(db, auth.accountId, request.query.limit ?? 40, accountShownCondition(db, 'accounts.id', viewer(auth.accountId)));
    const rows = new Map((await findAccountsByIds(db, picked.map((p) => p.id))).map((r) => [r.id, r]));
    return picked.flatMap((p) => {
      const row = rows.get(p.id);
      // v2 names its sources; `source` is the v1-era field clients still read.
      return row ? [{ source: p.source === 'global' ? 'global' : 'past_interactions', sources: [p.source], account: ctx.accounts.present(row) }] : [];
    });
  });
  app.get('/api/v1/suggestions', { schema: { tags, querystring: SuggestionQuery, response: responses({ 200: Type.Array(Type.Ref(Account)) }) } }, async (request) => {
    const auth = requireUser(request, 'read');
    const picked = await suggestedAccountIds(db, auth.accountId, request.query.limit ?? 40, accountShownCondition(db, 'accounts.id', viewer(auth.accountId)));
    const rows = new Map((await findAccountsByIds(db, picked.map((p) => p.id))).map((r) => [r.id, r]));
    return picked.flatMap((p) => (rows.has(p.id) ? [ctx.accounts.present(rows.get(p.id)!)] : []));
  });

  const FamiliarQuery = Type.Object({ id: Type.Optional(IdList(40)) });
  app.get('/api/v1/accounts/familiar_followers', { schema: { tags, querystring: FamiliarQuery, response: responses({ 200: Type.Array(FamiliarFollowers) }) } }, async (request) => {
    const auth = requireUser(request, 'read:follows');
    const ids = (request.query.id ?? []).filter((id) => /^[0-9]{1,16}$/.test(id));
    return Promise.all(
      ids.map(async (id) => {
        const familiar = await familiarFollowerIds(db, auth.accountId, Number(id), 5, accountShownCondition(db, 'mine.target_account_id', viewer(auth.accountId)));
        const rows = new Map((await findAccountsByIds(db, familiar)).map((r) => [r.id, r]));
        return { id, accounts: familiar.flatMap((f) => (rows.has(f) ? [ctx.accounts.present(rows.get(f)!)] : [])) };
      }),
    );
  });
}
