// Fan-out put off while Redis was unavailable. A post is acknowledged once it is committed, Redis
// or not; when its fan-out cannot reach the followers' cached feeds, the event is kept in the
// database (durable: a process that dies meanwhile loses nothing) and replayed, in order, once
// Redis answers again. Replaying is idempotent: adding a post twice, removing it twice or
// dropping a feed twice leave the same feed, and a post deleted meanwhile is not added back
// (fan-out reads the post from the database when it replays).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SirbEvent } from '../events.js';
import { newId } from '../lib/ids.js';

const BATCH = 200;
/**
 * Past this many events, replaying one by one would take longer than rebuilding: every feed is
 * dropped instead, and rebuilt from SQL at its owner's next read (what every read did during
 * the outage anyway), which also covers whatever else the events changed.
 */
export const REPLAY_MAX = 20;

export class FanoutBacklog {
  /** Totals for /metrics. */
  readonly counts = { recorded: 0, replayed: 0 };
  private replaying: Promise<number> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number = Date.now,
  ) {}

  async record(event: SirbEvent): Promise<void> {
    await this.db.insertInto('fanout_backlog').values({ id: newId(this.clock()), event: JSON.stringify(event), created_at: this.clock() }).execute();
    this.counts.recorded += 1;
  }

  /**
   * Hands every kept event to `handle`, oldest first, deleting each batch once handled; stops
   * at the first that fails (Redis gone again: the rest waits for the next replay). One replay
   * at a time per process; processes replaying at once only repeat idempotent work.
   */
  replay(handle: (event: SirbEvent) => Promise<void>, dropAllFeeds: () => Promise<void>): Promise<number> {
    this.replaying ??= this.replayAll(handle, dropAllFeeds).finally(() => (this.replaying = undefined));
    return this.replaying;
  }

  private async replayAll(handle: (event: SirbEvent) => Promise<void>, dropAllFeeds: () => Promise<void>): Promise<number> {
    const kept = await this.db
      .selectFrom('fanout_backlog')
      .select((eb) => [eb.fn.countAll().as('count'), eb.fn.max('id').as('last')])
      .executeTakeFirst();
    const count = Number(kept?.count ?? 0);
    if (count > REPLAY_MAX) {
      await dropAllFeeds();
      // Only what the drop covers: events kept since then wait for the next replay.
      await this.db.deleteFrom('fanout_backlog').where('id', '<=', Number(kept!.last)).execute();
      this.counts.replayed += count;
      return count;
    }
    let done = 0;
    let after = 0;
    for (;;) {
      const rows = await this.db.selectFrom('fanout_backlog').select(['id', 'event']).where('id', '>', after).orderBy('id').limit(BATCH).execute();
      if (rows.length === 0) return done;
      for (const row of rows) {
        await handle(JSON.parse(row.event) as SirbEvent);
        after = Number(row.id);
        done += 1;
        this.counts.replayed += 1;
      }
      await this.db.deleteFrom('fanout_backlog').where('id', 'in', rows.map((r) => r.id)).execute();
    }
  }
}
