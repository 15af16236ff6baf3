// A locked account's side of following: the requests waiting for it (authorize, reject) and
// removing a follower (Mastodon's /api/v1/follow_requests and remove_from_followers).
import type { Kysely } from 'kysely';
import type { AccountRow, Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { notFound } from '../http/errors.js';
import type { Page } from '../http/pagination.js';
import { authorizeRequest, settleRequest, stopFollowing } from './follow-writes.js';
import type { AccountJson, RelationshipJson } from './presenter.js';
import type { AccountService } from './service.js';
import * as store from './store.js';

export class FollowRequestService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: Write,
    private readonly accounts: AccountService,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Who asks to follow the owner, newest first; cursors are the requests' ids. */
  async pending(ownerId: number, page: Page): Promise<{ accounts: AccountJson[]; cursors: number[] }> {
    const entries = await store.followRequestPage(this.db, ownerId, page);
    const byId = new Map((await store.findAccountsByIds(this.db, entries.map((e) => e.accountId))).map((r) => [r.id, r]));
    const rows = entries.map((e) => byId.get(e.accountId)).filter((r): r is AccountRow => !!r && !r.suspended_at);
    return { accounts: this.accounts.presentMany(rows), cursors: entries.map((e) => e.cursor) };
  }

  /** The requester now follows the owner; 404 when no request waits. */
  async authorize(ownerId: number, requesterId: number): Promise<RelationshipJson> {
    const now = this.clock();
    await this.write(async (trx) => {
      if (!(await authorizeRequest(trx, requesterId, ownerId, now))) throw notFound();
    });
    return this.relationship(ownerId, requesterId);
  }

  /** The request goes, with its notification; 404 when none waits. */
  async reject(ownerId: number, requesterId: number): Promise<RelationshipJson> {
    await this.write(async (trx) => {
      if (!(await settleRequest(trx, requesterId, ownerId))) throw notFound();
    });
    return this.relationship(ownerId, requesterId);
  }

  /** Ends the follower's follow of the owner (a no-op if it did not follow). */
  async removeFromFollowers(ownerId: number, followerId: number): Promise<RelationshipJson> {
    await this.accounts.requireAccount(followerId);
    await this.write((trx) => stopFollowing(trx, followerId, ownerId));
    return this.relationship(ownerId, followerId);
  }

  private async relationship(viewerId: number, otherId: number): Promise<RelationshipJson> {
    return (await this.accounts.relationships(viewerId, [otherId]))[0];
  }
}
