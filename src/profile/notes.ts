// Private notes on accounts (POST /api/v1/accounts/:id/note, Relationship.note): written by one
// account about another and shown to the writer only, in their relationships.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { unprocessable } from '../http/errors.js';
import type { AccountService } from '../accounts/service.js';
import type { RelationshipJson } from '../accounts/presenter.js';

type Db = Kysely<Database>;

/** Mastodon's AccountNote::COMMENT_SIZE_LIMIT. */
export const NOTE_LIMIT = 2000;

/** The viewer's notes about these accounts, by account id (Relationship.note). */
export async function notesAmong(db: Db, accountId: number, targetIds: number[]): Promise<Map<number, string>> {
  if (targetIds.length === 0) return new Map();
  const rows = await db.selectFrom('account_notes').select(['target_account_id', 'comment']).where('account_id', '=', accountId).where('target_account_id', 'in', targetIds).execute();
  return new Map(rows.map((r) => [Number(r.target_account_id), r.comment]));
}

export class AccountNotes {
  constructor(
    private readonly write: Write,
    private readonly accounts: AccountService,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Sets the note; an empty or missing comment removes it (Mastodon). */
  async set(accountId: number, targetId: number, comment: string | undefined): Promise<RelationshipJson> {
    await this.accounts.requireAccount(targetId);
    const text = (comment ?? '').replace(/\r\n?/g, '\n');
    if (Array.from(text).length > NOTE_LIMIT) throw unprocessable(`Validation failed: Comment is too long (maximum is ${NOTE_LIMIT} characters)`);
    const now = this.clock();
    await this.write(async (tx) => {
      if (text.trim() === '') {
        await tx.deleteFrom('account_notes').where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
        return;
      }
      await tx
        .insertInto('account_notes')
        .values({ account_id: accountId, target_account_id: targetId, comment: text, updated_at: now })
        .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doUpdateSet({ comment: text, updated_at: now }))
        .execute();
    });
    return (await this.accounts.relationships(accountId, [targetId]))[0];
  }
}
