// Tells voters and the author that a poll ended (Mastodon's `poll` notification), once, whichever
// process sees it first and whatever restarts: the poll is marked told by a conditional UPDATE in
// the same transaction that writes the notifications, so either all of them exist and the mark,
// or neither (a process dying mid-way rolls back, and the next tick does it again).
import type { Kysely } from 'kysely';
import type { Database, PollRow } from '../db/schema.js';
import type { Tx, Write } from '../db/unit-of-work.js';
import { newId } from '../lib/ids.js';
import { mayNotifyNow } from '../visibility/relations.js';
import * as store from './store.js';
import { Ticker } from '../lib/ticker.js';

const TICK_MS = 1_000;
const BATCH = 50;

export class PollExpiryNotifier {
  private readonly ticker = new Ticker(TICK_MS, () => this.notifyEnded(), 'polls: telling voters a poll ended');

  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: Write,
    private readonly clock: () => number,
  ) {}

  start(): void {
    this.ticker.start();
  }

  stop(): Promise<void> {
    return this.ticker.stop();
  }

  /** Tells what ended by now; resolves to how many polls this process told of. */
  async notifyEnded(): Promise<number> {
    const now = this.clock();
    let told = 0;
    for (const poll of await store.endedUnnotified(this.db, now, BATCH)) {
      if (await this.write((tx) => this.tell(tx, poll, now))) told++;
    }
    return told;
  }

  private async tell(tx: Tx, poll: PollRow, now: number): Promise<boolean> {
    // Another process told of it first: it found no row left to mark.
    if (!(await store.markNotified(tx, Number(poll.id), now))) return false;
    const author = Number(poll.account_id);
    const statusId = Number(poll.status_id);
    // A status removed without its poll (an account purged): nothing left to tell of.
    if (!(await tx.selectFrom('statuses').select('id').where('id', '=', statusId).executeTakeFirst())) return true;
    // The author is told of their own poll; voters as any notification from the author would
    // reach them (not if they block or mute the author, or muted the thread).
    await insertPollNotification(tx, author, author, statusId, now);
    for (const voter of await store.voterIds(tx, Number(poll.id))) {
      if (voter !== author && (await mayNotifyNow(tx, { accountId: voter, fromAccountId: author, statusId, now }))) {
        await insertPollNotification(tx, voter, author, statusId, now);
      }
    }
    return true;
  }
}

async function insertPollNotification(tx: Tx, accountId: number, fromAccountId: number, statusId: number, now: number): Promise<void> {
  const id = newId(now);
  await tx.insertInto('notifications').values({ id, account_id: accountId, from_account_id: fromAccountId, type: 'poll', status_id: statusId, report_id: null, created_at: now }).execute();
  tx.emit({ type: 'notification.created', notificationId: id, accountId });
}
