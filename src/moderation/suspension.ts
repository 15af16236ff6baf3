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
// - their posts are taken out of their followers' cached home feeds (timelines/feed-cache.ts
//   removeEach): the posts are already hidden when a page is presented, so this only keeps pages
//   full, and it leaves the feeds built, since dropping them made every reader rebuild from SQL at
//   once in the middle of the crisis (the benchmark saw home reads stall for 15 s). Unsuspending
//   drops the followers' feeds instead (rebuilt from SQL with the posts back on next read), at
//   most every 5 s per run.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import type { FeedCache } from '../timelines/feed-cache.js';
import { setSuspended } from '../accounts/store.js';
import { followerIdsOfAny } from '../accounts/follows.js';
import { recordActions } from './audit-log.js';
import { outranks } from './roles.js';
import { FANOUT_FOLLOWER_LIMIT, HOME_CAP } from '../timelines/cached-store.js';

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

/** Accounts per transaction: 1,000 keeps each under the databases' bound-parameter limits. */
export const SUSPENSION_BATCH = 1000;
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
    private readonly batchSize = SUSPENSION_BATCH,
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
    for (let i = 0; i < unique.length; i += this.batchSize) {
      if (options.shouldStop?.()) break;
      const batch = unique.slice(i, i + this.batchSize);
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
      if (action === 'suspend') await this.removeFromFeeds(changed);
      else for (const follower of await followerIdsOfAny(this.db, changed)) pendingFollowers.add(follower);
      if (Date.now() - lastDrop >= FEED_DROP_INTERVAL_MS) {
        await this.dropFeeds(pendingFollowers);
        lastDrop = Date.now();
      }
      await options.onProgress?.({ total: result.total, done: result.done, failed: result.failed });
      // Lets requests waiting on this process run between batches (SQLite writes block the loop).
      await new Promise((resolve) => setImmediate(resolve));
    }
    await this.dropFeeds(pendingFollowers);
    return result;
  }

  private mayAct(options: SuspensionOptions, targetId: number, targetRole: string | null): boolean {
    if (options.actorRole === undefined) return true;
    return targetId !== options.actorId && outranks(options.actorRole, targetRole);
  }

  /**
   * Takes the accounts' posts out of their followers' feeds. A feed holds at most HOME_CAP
   * entries, so only each account's newest HOME_CAP posts can be in it; accounts merged at read
   * time (FANOUT_FOLLOWER_LIMIT followers or more) were never fanned out and are skipped.
   */
  private async removeFromFeeds(accountIds: number[]): Promise<void> {
    if (accountIds.length === 0) return;
    const fannedOut = await this.db.selectFrom('accounts').select('id').where('id', 'in', accountIds).where('followers_count', '>', 0).where('followers_count', '<', FANOUT_FOLLOWER_LIMIT).execute();
    const authors = fannedOut.map((r) => Number(r.id));
    if (authors.length === 0) return;
    const [posts, follows] = await Promise.all([
      this.db.selectFrom('statuses').select(['id', 'account_id']).where('account_id', 'in', authors).execute(),
      this.db.selectFrom('follows').select(['account_id', 'target_account_id']).where('target_account_id', 'in', authors).execute(),
    ]);
    const postsOf = new Map<number, number[]>();
    for (const post of posts) {
      const list = postsOf.get(Number(post.account_id)) ?? [];
      list.push(Number(post.id));
      postsOf.set(Number(post.account_id), list);
    }
    for (const [author, list] of postsOf) if (list.length > HOME_CAP) postsOf.set(author, list.sort((a, b) => b - a).slice(0, HOME_CAP));
    const byFeed = new Map<number, number[]>();
    for (const follow of follows) {
      const list = postsOf.get(Number(follow.target_account_id));
      if (!list) continue;
      const feed = byFeed.get(Number(follow.account_id)) ?? [];
      for (const id of list) feed.push(id);
      byFeed.set(Number(follow.account_id), feed);
    }
    await this.feeds.removeEach(byFeed);
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
