// Fan-out on write for the Redis home timelines. It runs after commit, once, in the process that
// made the write (subscribeLocal), and writes only into sets that exist: an account whose set
// expired (idle for weeks) or was never built is not fanned out to, and is rebuilt from SQL when
// it returns. Authors with very many followers are skipped here and merged in at read time.
import type { Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import type { Database } from '../db/schema.js';
import type { EventBus, SirbEvent } from '../events.js';
import { findStatus } from '../posts/store.js';
import { HOME_CAP, FANOUT_FOLLOWER_LIMIT } from './redis-store.js';

const BATCH = 1000;

// Adds to a set only when it exists, then trims to HOME_CAP (+ the sentinel at rank 0).
const ADD_IF_BUILT = `
if redis.call('exists', KEYS[1]) == 1 then
  redis.call('zadd', KEYS[1], ARGV[1], ARGV[1])
  local n = redis.call('zcard', KEYS[1])
  local cap = tonumber(ARGV[2])
  if n > cap + 1 then redis.call('zremrangebyrank', KEYS[1], 1, n - cap - 1) end
  return 1
end
return 0`;

type FanoutRedis = Redis & { homeAdd(key: string, id: string, cap: number): Promise<number> };

export interface FanoutStats {
  /** Milliseconds from the write's commit to the last follower's set being updated. */
  lastDurationMs: number;
  lastRecipients: number;
  pending: number;
}

export class HomeFanout {
  readonly stats: FanoutStats = { lastDurationMs: 0, lastRecipients: 0, pending: 0 };
  private unsubscribe: () => void = () => {};
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly redis: Redis,
    private readonly homeKey: (accountId: number) => string,
    private readonly celebritiesKey: string,
    private readonly fanoutLimit = FANOUT_FOLLOWER_LIMIT,
    private readonly log: (error: unknown) => void = () => {},
  ) {
    if (!(redis as unknown as Partial<FanoutRedis>).homeAdd) redis.defineCommand('homeAdd', { numberOfKeys: 1, lua: ADD_IF_BUILT });
  }

  start(events: EventBus): void {
    this.unsubscribe = events.subscribeLocal((event) => {
      this.stats.pending += 1;
      // One at a time, in commit order, so a delete never overtakes its create.
      this.idle = this.idle
        .then(() => this.handle(event))
        .catch(this.log)
        .finally(() => {
          this.stats.pending -= 1;
        });
    });
  }

  stop(): void {
    this.unsubscribe();
  }

  /** Resolves when every event heard so far has been fanned out (tests, benchmarks). */
  drain(): Promise<void> {
    return this.idle;
  }

  private async handle(event: SirbEvent): Promise<void> {
    switch (event.type) {
      case 'status.created':
        return this.deliver(event.statusId);
      case 'status.deleted':
        return this.retract(event.statusId, event.accountId);
      case 'follow.changed':
        // The follower's set no longer matches whom they follow: rebuild it on next read.
        await this.redis.del(this.homeKey(event.accountId));
        return;
      default:
        return;
    }
  }

  private async recipients(authorId: number, replyTo: number | null): Promise<number[]> {
    let q = this.db.selectFrom('follows').select('account_id').where('target_account_id', '=', authorId);
    if (replyTo !== null && replyTo !== authorId) {
      // The same reply rule as the SQL home timeline: only those who follow the thread.
      q = q.where((eb) =>
        eb.or([
          eb('account_id', '=', replyTo),
          eb('account_id', 'in', eb.selectFrom('follows as f2').select('f2.account_id').where('f2.target_account_id', '=', replyTo)),
        ]),
      );
    }
    const followers = (await q.execute()).map((r) => r.account_id);
    const authorSees = replyTo === null || replyTo === authorId || followers.includes(replyTo) || (await this.follows(authorId, replyTo));
    return authorSees ? [authorId, ...followers] : followers;
  }

  private async follows(accountId: number, targetId: number): Promise<boolean> {
    const row = await this.db.selectFrom('follows').select('account_id').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
    return !!row;
  }

  private async deliver(statusId: number): Promise<void> {
    const started = Date.now();
    const status = await findStatus(this.db, statusId);
    if (!status || status.visibility === 'direct') return;
    const author = await this.db.selectFrom('accounts').select('followers_count').where('id', '=', status.account_id).executeTakeFirst();
    if (!author) return;
    // Very followed authors are merged in at read time; only their own set gets the post. They
    // join the shared set first, so readers start merging them before any post goes unfanned.
    const celebrity = author.followers_count >= this.fanoutLimit;
    if (celebrity) await this.redis.sadd(this.celebritiesKey, String(status.account_id));
    const recipients = celebrity ? [status.account_id] : await this.recipients(status.account_id, status.in_reply_to_account_id);
    for (let i = 0; i < recipients.length; i += BATCH) {
      const pipeline = this.redis.pipeline() as unknown as { homeAdd(k: string, id: string, cap: number): void; exec(): Promise<unknown> };
      for (const id of recipients.slice(i, i + BATCH)) pipeline.homeAdd(this.homeKey(id), String(statusId), HOME_CAP);
      await pipeline.exec();
    }
    this.stats.lastDurationMs = Date.now() - started;
    this.stats.lastRecipients = recipients.length;
  }

  private async retract(statusId: number, authorId: number): Promise<void> {
    const followers = await this.db.selectFrom('follows').select('account_id').where('target_account_id', '=', authorId).execute();
    const recipients = [authorId, ...followers.map((r) => r.account_id)];
    for (let i = 0; i < recipients.length; i += BATCH) {
      const pipeline = this.redis.pipeline();
      for (const id of recipients.slice(i, i + BATCH)) pipeline.zrem(this.homeKey(id), String(statusId));
      await pipeline.exec();
    }
  }
}
