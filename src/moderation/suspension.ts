// Suspension at the scale of a crisis: one call suspends (or unsuspends) a whole set of accounts,
// in batches, and what it takes is cheap per account. Nothing of theirs is deleted; what makes
// their posts disappear is the one column `accounts.suspended_at`, which every read already asks
// about (visibility/rules.ts authorSuspended, visibility/sql.ts), by primary key, so reads cost
// the same with 50,000 suspended accounts as with none. Per batch:
// - one UPDATE of the accounts (only those not in that state yet) and one INSERT of their audit
//   entries, in one transaction;
// - one event for the batch (`accounts.suspended` / `accounts.unsuspended`), after commit, which
//   every process hears: tokens forgotten (oauth/service.ts), streams closed (streaming/hub.ts),
//   author entries evicted from the render cache so cached pages stop showing their posts at once
//   (posts/render-cache.ts), trends recomputed;
// - their posts are taken out of their followers' cached home feeds, in bounded steps
//   (suspension-feeds.ts). Unsuspending drops the followers' feeds instead (rebuilt from SQL with
//   the posts back on next read), at most every 5 s per run.
//
// The engine shares the server's thread with the readers, and on the embedded backend SQLite
// runs on that thread and holds its one connection for a whole transaction: while a batch
// writes, no read can run. So it is cooperative: batches are small (SUSPENSION_BATCH, measured
// with bench/suspend-crisis.ts), and after each one, and between feed steps, it waits a pause
// proportional to the work it just did (SUSPENSION_PACE), so that readers keep most of the
// thread however slow the machine is, and the run still ends within seconds.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import type { FeedCache } from '../timelines/feed-cache.js';
import { setSuspended } from '../accounts/store.js';
import { followerIdsOfAny } from '../accounts/follows.js';
import { recordActions } from './audit-log.js';
import { outranks } from './roles.js';
import { removeSuspendedFromFeeds } from './suspension-feeds.js';

export type SuspensionAction = 'suspend' | 'unsuspend';

export interface SuspensionProgress {
  total: number;
  /** Accounts now in the asked state (already suspended ones count: nothing was left to do). */
  done: number;
  /** Unknown accounts, and accounts the actor may not act on (staff of equal or higher rank, themselves). */
  failed: number;
}

export interface SuspensionOptions {
  /** The staff member acting: each account changed gets an audit entry. Absent: no entry (the caller logs). */
  actorId?: number;
  /** The actor's role: when given, accounts it does not outrank (moderation/roles.ts) are skipped. */
  actorRole?: string | null;
  reason?: string | null;
  /** Asked before each batch: true ends the run there (the process is shutting down). */
  shouldStop?: () => boolean;
  /** Called after each batch. */
  onProgress?: (progress: SuspensionProgress) => void | Promise<void>;
}

export interface SuspensionResult extends SuspensionProgress {
  /** The accounts whose state this run changed. */
  changed: number[];
}

/**
 * How a run shares the thread: accounts per transaction, and how long it waits after each step
 * as a multiple of the step's own duration (at most PAUSE_MAX_MS).
 */
export interface SuspensionPace {
  batch: number;
  pauseFactor: number;
}

/**
 * Measured with bench/suspend-crisis.ts (50,000 accounts). On SQLite every statement and each
 * commit's fsync run on the server's thread and hold the one connection, so no read runs while
 * a batch writes: batches of 1,000 with only a turn of the event loop between them left home
 * reads at 0.05 of their speed. With batches of 500 and a pause twice the batch's duration the
 * engine took about a fifth of the server's thread in a profiled run (the transactions and the
 * events they publish alike), and home reads kept 0.2-0.8 of their unloaded speed (median
 * second) over five runs on a machine shared with other work (bench/results/). Much smaller
 * batches only lengthen the run: each commit's fsync costs the same whatever its size. On PostgreSQL the work happens in the database process and the
 * thread only waits for it: big batches and short pauses.
 */
export const SUSPENSION_PACE: Record<'sqlite' | 'postgres', SuspensionPace> = {
  sqlite: { batch: 500, pauseFactor: 2 },
  postgres: { batch: 1000, pauseFactor: 0.25 },
};
/** The largest batch (tests span several of them). */
export const SUSPENSION_BATCH = 1000;
const PAUSE_MAX_MS = 250;
/** Pauses stop short of slowing a run below this (50,000 accounts in 25 s). */
const MIN_ACCOUNTS_PER_SECOND = 2000;
/** How often (ms) followers' home feeds are dropped during a run. */
const FEED_DROP_INTERVAL_MS = 5000;
/** Feed drops sent at once (Redis pipelines concurrent commands on its connection). */
const DROP_CHUNK = 1000;

export class SuspensionEngine {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: Write,
    private readonly feeds: FeedCache,
    private readonly clock: () => number = Date.now,
    private readonly pace: SuspensionPace = SUSPENSION_PACE.postgres,
  ) {}

  suspendAccounts(ids: number[], options: SuspensionOptions = {}): Promise<SuspensionResult> {
    return this.run('suspend', ids, options);
  }

  unsuspendAccounts(ids: number[], options: SuspensionOptions = {}): Promise<SuspensionResult> {
    return this.run('unsuspend', ids, options);
  }

  private async run(action: SuspensionAction, ids: number[], options: SuspensionOptions): Promise<SuspensionResult> {
    const unique = [...new Set(ids)];
    const result: SuspensionResult = { total: unique.length, done: 0, failed: 0, changed: [] };
    const pendingFollowers = new Set<number>();
    let lastDrop = Date.now();
    for (let i = 0; i < unique.length; i += this.pace.batch) {
      if (options.shouldStop?.()) break;
      const batch = unique.slice(i, i + this.pace.batch);
      const step = pacer(this.pace.pauseFactor, batch.length);
      const { eligible, changed } = await this.write(async (tx) => {
        const rows = await tx.selectFrom('accounts').select(['id', 'role']).where('id', 'in', batch).execute();
        const allowed = rows.filter((r) => this.mayAct(options, Number(r.id), r.role)).map((r) => Number(r.id));
        const now = this.clock();
        const changedIds = await setSuspended(tx, allowed, action === 'suspend' ? now : null);
        if (options.actorId !== undefined) {
          const actorId = options.actorId;
          await recordActions(tx, changedIds.map((id) => ({ actorId, action, targetType: 'Account' as const, targetId: id, reason: options.reason ?? null })), now);
        }
        return { eligible: allowed.length, changed: changedIds };
      });
      result.done += eligible;
      result.failed += batch.length - eligible;
      for (const id of changed) result.changed.push(id);
      await step.pause();
      if (action === 'suspend') await removeSuspendedFromFeeds(this.db, this.feeds, changed, step.pause);
      else for (const follower of await followerIdsOfAny(this.db, changed)) pendingFollowers.add(follower);
      if (Date.now() - lastDrop >= FEED_DROP_INTERVAL_MS) {
        await this.dropFeeds(pendingFollowers);
        lastDrop = Date.now();
      }
      await options.onProgress?.({ total: result.total, done: result.done, failed: result.failed });
      await step.pause();
    }
    await this.dropFeeds(pendingFollowers);
    return result;
  }

  private mayAct(options: SuspensionOptions, targetId: number, targetRole: string | null): boolean {
    if (options.actorRole === undefined) return true;
    return targetId !== options.actorId && outranks(options.actorRole, targetRole);
  }

  /** Drops the feeds (rebuilt on next read) and empties the set. */
  private async dropFeeds(accountIds: Set<number>): Promise<void> {
    const ids = [...accountIds];
    accountIds.clear();
    for (let i = 0; i < ids.length; i += DROP_CHUNK) {
      await Promise.all(ids.slice(i, i + DROP_CHUNK).map((id) => this.feeds.drop(id)));
    }
  }
}

/**
 * Paces a batch: each pause() waits `factor` times the time worked since the last one (at least
 * a turn of the event loop, at most PAUSE_MAX_MS), so the engine takes at most about
 * 1 / (1 + factor) of the thread, on a fast machine or a loaded one alike. The time worked is
 * wall time, which readers waiting on the same thread lengthen: on a saturated machine that
 * would make the run crawl, so a batch never pauses past its share of MIN_ACCOUNTS_PER_SECOND
 * (the suspension must still take effect within seconds: that is the point of it).
 */
function pacer(factor: number, accounts: number) {
  const started = performance.now();
  const slot = (accounts * 1000) / MIN_ACCOUNTS_PER_SECOND;
  let since = started;
  return {
    pause: async () => {
      const now = performance.now();
      const wait = Math.min((now - since) * factor, PAUSE_MAX_MS, slot - (now - started));
      await new Promise((resolve) => (wait >= 1 ? setTimeout(resolve, wait) : setImmediate(resolve)));
      since = performance.now();
    },
  };
}
