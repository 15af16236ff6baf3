// Accounts a user features ("endorses") on their profile: POST /api/v1/accounts/:id/pin and
// /unpin, GET /api/v1/endorsements. Only followed accounts may be endorsed; unfollowing one ends
// its endorsement (accounts/follow-writes.ts stopFollowing).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import { unprocessable } from '../http/errors.js';
import type { Page } from '../http/pagination.js';
import { newId } from '../lib/ids.js';
import { findAccountsByIds, followingIdsAmong } from '../accounts/store.js';
import type { AccountService } from '../accounts/service.js';
import type { AccountJson, RelationshipJson } from '../accounts/presenter.js';

type Db = Kysely<Database>;

/** Of these accounts, the ones `accountId` endorses (Relationship.endorsed). */
export async function endorsedIdsAmong(db: Db, accountId: number, targetIds: number[]): Promise<Set<number>> {
  if (targetIds.length === 0) return new Set();
  const rows = await db.selectFrom('account_pins').select('target_account_id').where('account_id', '=', accountId).where('target_account_id', 'in', targetIds).execute();
  return new Set(rows.map((r) => Number(r.target_account_id)));
}

export class Endorsements {
  constructor(
    private readonly db: Db,
    private readonly write: Write,
    private readonly accounts: AccountService,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Endorses an account the viewer follows (else Mastodon's 422); doing it again changes nothing. */
  async endorse(accountId: number, targetId: number): Promise<RelationshipJson> {
    await this.accounts.requireAccount(targetId);
    const now = this.clock();
    await this.write(async (tx) => {
      // Read in the transaction: an unfollow committed meanwhile is seen.
      if (!(await followingIdsAmong(tx, accountId, [targetId])).has(targetId)) {
        throw unprocessable('Validation failed: You must be already following the person you want to endorse');
      }
      await tx
        .insertInto('account_pins')
        .values({ id: newId(now), account_id: accountId, target_account_id: targetId, created_at: now })
        .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
        .execute();
    });
    return (await this.accounts.relationships(accountId, [targetId]))[0];
  }

  async unendorse(accountId: number, targetId: number): Promise<RelationshipJson> {
    await this.accounts.requireAccount(targetId);
    await this.write((tx) => tx.deleteFrom('account_pins').where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute());
    return (await this.accounts.relationships(accountId, [targetId]))[0];
  }

  /** The viewer's endorsed accounts, newest endorsement first; the cursor is the endorsement's id. */
  async list(accountId: number, page: Page): Promise<{ accounts: AccountJson[]; cursors: number[] }> {
    const query = this.db.selectFrom('account_pins').select(['id', 'target_account_id']).where('account_id', '=', accountId);
    const entries = newestFirst(await applyKeyset(query, 'id', page).execute(), page);
    const rows = new Map((await findAccountsByIds(this.db, entries.map((e) => Number(e.target_account_id)))).map((r) => [r.id, r]));
    const shown = entries.flatMap((e) => {
      const row = rows.get(Number(e.target_account_id));
      return row && !row.suspended_at ? [this.accounts.present(row)] : [];
    });
    return { accounts: shown, cursors: entries.map((e) => Number(e.id)) };
  }
}
