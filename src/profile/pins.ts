// Statuses pinned to their author's profile (POST /api/v1/statuses/:id/pin, /unpin). Whether a
// status is pinned is the author's own mark, like a bookmark: it travels in their marks
// (posts/store.ts ViewerMarks.pinned) and never in the status bytes every viewer shares.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Tx, Write } from '../db/unit-of-work.js';
import { unprocessable } from '../http/errors.js';
import { newId } from '../lib/ids.js';
import type { PostService } from '../posts/service.js';
import type { StatusJson } from '../posts/presenter.js';

/** Mastodon's StatusPinValidator::PIN_LIMIT (Instance configuration.accounts.max_pinned_statuses). */
export const MAX_PINNED_STATUSES = 5;

export class StatusPins {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: Write,
    private readonly posts: PostService,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Pins a status the viewer may see (else 404). Mastodon's validation messages, all that apply,
   * joined as Rails joins them: not a reblog, one's own, not direct, fewer than five pinned.
   */
  async pin(accountId: number, statusId: number): Promise<StatusJson> {
    const status = await this.posts.visibleStatus(statusId, accountId);
    const now = this.clock();
    await this.write(async (tx) => {
      if (await isPinned(tx, accountId, statusId)) return;
      // Pins of one account are counted one writer at a time (the row lock on PostgreSQL;
      // SQLite has one writer), so two at once cannot make a sixth.
      await tx.updateTable('accounts').set({ id: sql`id` }).where('id', '=', accountId).execute();
      const errors: string[] = [];
      if (status.reblog_of_id !== null) errors.push('A boost cannot be pinned');
      if (status.account_id !== accountId) errors.push("Someone else's post cannot be pinned");
      if (status.visibility === 'direct') errors.push('Posts that are only visible to mentioned users cannot be pinned');
      if ((await countPins(tx, accountId)) >= MAX_PINNED_STATUSES) errors.push('You have already pinned the maximum number of posts');
      if (errors.length) throw unprocessable(`Validation failed: ${errors.join(', ')}`);
      await tx.insertInto('status_pins').values({ id: newId(now), account_id: accountId, status_id: statusId, created_at: now }).execute();
      tx.emit({ type: 'marks.changed', accountId });
    });
    return this.posts.show(statusId, accountId);
  }

  /** Unpins (nothing to do when it was not pinned); the status as the viewer now sees it. */
  async unpin(accountId: number, statusId: number): Promise<StatusJson> {
    await this.posts.visibleStatus(statusId, accountId);
    await this.write(async (tx) => {
      const result = await tx.deleteFrom('status_pins').where('account_id', '=', accountId).where('status_id', '=', statusId).executeTakeFirst();
      if (Number(result.numDeletedRows) > 0) tx.emit({ type: 'marks.changed', accountId });
    });
    return this.posts.show(statusId, accountId);
  }
}

async function isPinned(tx: Tx, accountId: number, statusId: number): Promise<boolean> {
  return !!(await tx.selectFrom('status_pins').select('id').where('account_id', '=', accountId).where('status_id', '=', statusId).executeTakeFirst());
}

/** Pins of statuses that still exist: one made while its status was being deleted cannot hold a slot. */
async function countPins(tx: Tx, accountId: number): Promise<number> {
  const row = await tx
    .selectFrom('status_pins')
    .innerJoin('statuses', 'statuses.id', 'status_pins.status_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status_pins.account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
