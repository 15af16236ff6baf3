// Blocks, mutes and conversation mutes: the writes (with everything that goes with a block:
// follows and follow requests ended both ways) and the lists. What they hide is visibility's
// (src/visibility: rules.ts keptOut, mayNotifyFrom; sql.ts); this file only records them.
import type { Kysely } from 'kysely';
import type { AccountRow, Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { unprocessable } from '../http/errors.js';
import type { Page } from '../http/pagination.js';
import type { PostService } from '../posts/service.js';
import type { StatusJson } from '../posts/presenter.js';
import { conversationOf } from '../posts/store.js';
import { settleRequest, stopFollowing } from './follow-writes.js';
import { deleteNotificationsBetween } from '../notifications/store.js';
import { blockPage, deleteBlock, insertBlock } from './blocks.js';
import { deleteConversationMute, deleteMute, insertConversationMute, mutePage, upsertMute } from './mutes.js';
import type { AccountJson, RelationshipJson } from './presenter.js';
import type { AccountService } from './service.js';
import * as store from './store.js';

export interface MuteRequest {
  /** Mute notifications too (Mastodon's default: true). */
  notifications?: boolean;
  /** Seconds until the mute ends by itself; 0 or absent: until unmuted. */
  duration?: number | null;
}

export class BlockMuteService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: Write,
    private readonly accounts: AccountService,
    private readonly posts: PostService,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Blocks the target: follows and follow requests end both ways (counters and their
   * notifications with them) and the blocker's notifications from the target go, in one
   * transaction with the block, as Mastodon's BlockService and AfterBlockService.
   */
  async block(viewerId: number, targetId: number): Promise<RelationshipJson> {
    if (viewerId === targetId) throw unprocessable('Validation failed: You cannot block yourself');
    await this.accounts.requireAccount(targetId);
    const now = this.clock();
    await this.write(async (tx) => {
      await stopFollowing(tx, viewerId, targetId);
      await stopFollowing(tx, targetId, viewerId);
      await settleRequest(tx, viewerId, targetId);
      await settleRequest(tx, targetId, viewerId);
      await deleteNotificationsBetween(tx, viewerId, targetId);
      await insertBlock(tx, viewerId, targetId, now);
    });
    return this.relationship(viewerId, targetId);
  }

  /** Lifts a block (a no-op when there was none); follows ended by it stay ended. */
  async unblock(viewerId: number, targetId: number): Promise<RelationshipJson> {
    await this.accounts.requireAccount(targetId);
    await this.write((tx) => deleteBlock(tx, viewerId, targetId));
    return this.relationship(viewerId, targetId);
  }

  /** Mutes the target, or changes the terms of the mute in place (as a second call does on Mastodon). */
  async mute(viewerId: number, targetId: number, request: MuteRequest): Promise<RelationshipJson> {
    if (viewerId === targetId) throw unprocessable('Validation failed: You cannot mute yourself');
    await this.accounts.requireAccount(targetId);
    const now = this.clock();
    const duration = request.duration ?? 0;
    const terms = { notifications: request.notifications ?? true, expiresAt: duration > 0 ? now + duration * 1000 : null };
    await this.write((tx) => upsertMute(tx, viewerId, targetId, terms, now));
    return this.relationship(viewerId, targetId);
  }

  async unmute(viewerId: number, targetId: number): Promise<RelationshipJson> {
    await this.accounts.requireAccount(targetId);
    await this.write((tx) => deleteMute(tx, viewerId, targetId));
    return this.relationship(viewerId, targetId);
  }

  /** The accounts the viewer blocks, newest block first; cursors are the blocks' ids. */
  async blocks(viewerId: number, page: Page): Promise<{ accounts: AccountJson[]; cursors: number[] }> {
    const entries = await blockPage(this.db, viewerId, page);
    return { accounts: await this.present(entries), cursors: entries.map((e) => e.cursor) };
  }

  /** The accounts the viewer mutes now (timed mutes until they end), with mute_expires_at. */
  async mutes(viewerId: number, page: Page): Promise<{ accounts: AccountJson[]; cursors: number[] }> {
    const entries = await mutePage(this.db, viewerId, this.clock(), page);
    const ends = new Map(entries.map((e) => [e.accountId, e.expiresAt]));
    const accounts = (await this.present(entries)).map((a) => {
      const end = ends.get(Number(a.id));
      return { ...a, mute_expires_at: end == null ? null : new Date(end).toISOString() };
    });
    return { accounts, cursors: entries.map((e) => e.cursor) };
  }

  /**
   * Mutes (or unmutes) the conversation of a status the viewer may see: no more notifications
   * from that thread; the status comes back with `muted`.
   */
  async muteConversation(viewerId: number, statusId: number, on: boolean): Promise<StatusJson> {
    let status = await this.posts.visibleStatus(statusId, viewerId);
    if (status.reblog_of_id !== null) status = await this.posts.visibleStatus(status.reblog_of_id, viewerId);
    const conversation = conversationOf(status);
    const now = this.clock();
    await this.write((tx) => (on ? insertConversationMute(tx, viewerId, conversation, now) : deleteConversationMute(tx, viewerId, conversation)));
    return this.posts.show(status.id, viewerId);
  }

  private async present(entries: { accountId: number }[]): Promise<AccountJson[]> {
    const byId = new Map((await store.findAccountsByIds(this.db, entries.map((e) => e.accountId))).map((r) => [r.id, r]));
    const rows = entries.map((e) => byId.get(e.accountId)).filter((r): r is AccountRow => !!r && !r.suspended_at);
    return this.accounts.presentMany(rows);
  }

  private async relationship(viewerId: number, otherId: number): Promise<RelationshipJson> {
    return (await this.accounts.relationships(viewerId, [otherId]))[0];
  }
}
