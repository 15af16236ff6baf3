// Fan-out on write for cached home timelines. It runs after commit, once, in the process that
// made the write (subscribeLocal), and writes only into feeds that are built: an account whose
// feed expired (idle for weeks) or was never built is not fanned out to, and is rebuilt from SQL
// when it returns. Authors with very many followers are skipped here and merged at read time.
// Fan-out that cannot reach Redis (db/redis-breaker.ts) is kept in the database and replayed
// when Redis is back (fanout-backlog.ts), so no follower's feed misses a post.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EventBus, SirbEvent } from '../events.js';
import { findStatus } from '../posts/store.js';
import type { FeedCache } from './feed-cache.js';
import { followerIdsOf } from '../accounts/follows.js';
import type { VisibilityService } from '../visibility/service.js';
import { FANOUT_FOLLOWER_LIMIT } from './cached-store.js';
import { OrganisedAudience } from '../visibility/organising-audience.js';
import { RedisUnavailableError } from '../db/redis-breaker.js';
import type { FanoutBacklog } from './fanout-backlog.js';

export interface FanoutStats {
  /** Milliseconds from the write's commit to the last follower's set being updated. */
  lastDurationMs: number;
  lastRecipients: number;
  pending: number;
}

export class HomeFanout {
  readonly stats: FanoutStats = { lastDurationMs: 0, lastRecipients: 0, pending: 0 };
  private unsubscribe: () => void = () => {};
  private inFlight = new Set<Promise<void>>();
  /** Exclusive lists and followed hashtags (visibility/organising.ts). */
  private readonly organised: OrganisedAudience;
  /** Where fan-out that found the feed cache unavailable waits (scale-out mode only). */
  private backlog: FanoutBacklog | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly feeds: FeedCache,
    private readonly visibility: VisibilityService,
    private readonly fanoutLimit = FANOUT_FOLLOWER_LIMIT,
    private readonly log: (error: unknown) => void = () => {},
  ) {
    this.organised = new OrganisedAudience(db);
  }

  start(events: EventBus): void {
    this.unsubscribe = events.subscribeLocal(async (event) => {
      this.stats.pending += 1;
      const work = this.handle(event).catch((error) => this.putOff(event, error));
      this.inFlight.add(work);
      try {
        await work;
      } finally {
        this.inFlight.delete(work);
        this.stats.pending -= 1;
      }
    });
  }

  /** Keeps fan-out that finds the feed cache unavailable in `backlog`, for `repair`. */
  keepMissedIn(backlog: FanoutBacklog): void {
    this.backlog = backlog;
  }

  /** What the backlog recorded and replayed (/metrics); undefined without one. */
  get backlogCounts() {
    return this.backlog?.counts;
  }

  /** Replays the fan-out put off while the feed cache was unavailable; resolves to how many events. */
  async repair(): Promise<number> {
    return this.backlog ? this.backlog.replay((event) => this.handle(event), () => this.feeds.dropAll()) : 0;
  }

  private async putOff(event: SirbEvent, error: unknown): Promise<void> {
    if (!(error instanceof RedisUnavailableError) || !this.backlog) return this.log(error);
    await this.backlog.record(event).catch(this.log);
  }

  stop(): void {
    this.unsubscribe();
  }

  /** Resolves when every fan-out under way has finished (shutdown, tests, benchmarks). */
  async drain(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async handle(event: SirbEvent): Promise<void> {
    switch (event.type) {
      case 'status.created':
      // An edit may mention someone new (a direct post then belongs in their home too).
      case 'status.edited':
        return this.deliver(event.statusId);
      case 'status.deleted':
        return this.retract(event.statusId, event.accountId);
      case 'follow.changed':
        // The follower's feed no longer matches whom they follow: rebuild it on next read.
        return this.feeds.drop(event.accountId);
      case 'block.changed':
        // Both feeds hold the other's posts (or, unblocked, lack them): rebuilt from SQL on next
        // read, which applies the block (visibility/sql.ts homeCondition).
        await this.feeds.drop(event.accountId);
        return this.feeds.drop(event.targetAccountId);
      case 'mute.changed':
        return this.feeds.drop(event.accountId);
      case 'list.changed':
        // An exclusive list's members moved: the owner's home is rebuilt from SQL on next read.
        if (event.home) await this.feeds.drop(event.accountId);
        return;
      case 'tag_follow.changed':
        return this.feeds.drop(event.accountId);
      default:
        return;
    }
  }

  private async deliver(statusId: number): Promise<void> {
    const started = Date.now();
    const status = await findStatus(this.db, statusId);
    if (!status) return;
    const author = await this.db.selectFrom('accounts').select('followers_count').where('id', '=', status.account_id).executeTakeFirst();
    if (!author) return;
    // Very followed authors are merged in at read time; only their own set gets the post. They
    // join the shared set first, so readers start merging them before any post goes unfanned.
    const celebrity = author.followers_count >= this.fanoutLimit;
    if (celebrity) await this.feeds.addCelebrity(status.account_id);
    // Whose home it belongs in is visibility's rule (visibility/rules.ts inHome), asked per follower.
    const followed = await this.visibility.homeAudience(status, !celebrity);
    // Less exclusive lists' owners, plus followers of its hashtags (visibility/organising.ts).
    const recipients = await this.organised.homeAudience(status, () => this.visibility.factsForEveryone(status), followed);
    await this.feeds.addToBuilt(recipients, statusId);
    this.stats.lastDurationMs = Date.now() - started;
    this.stats.lastRecipients = recipients.length;
  }

  private async retract(statusId: number, authorId: number): Promise<void> {
    await this.feeds.remove([authorId, ...(await followerIdsOf(this.db, authorId))], statusId);
  }
}
