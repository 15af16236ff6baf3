// Statuses themselves: showing them (one, several, a thread), checking and creating a post,
// deleting one. What readers do to a status (reblogs, favourites, bookmarks) is interactions.ts,
// reached through here; edits are edits.ts.
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database, StatusRow } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { forbidden, notFound, unprocessable } from '../http/errors.js';
import { newId } from '../lib/ids.js';
import { hashtagKey, searchForm } from '../lib/arabic.js';
import { adjustAccountCounter, findAccountById, findAccountsByUsernames, touchLastStatus } from '../accounts/store.js';
import { insertNotification } from '../notifications/store.js';
import { addStatusToConversation } from '../conversations/store.js';
import { exceedsRawLength, parseText, renderContent, weightedLength } from './content.js';
import { postLanguage } from './language.js';
import { StatusPresenter, type StatusJson } from './presenter.js';
import { VISIBILITIES, type Visibility } from '../visibility/rules.js';
import type { VisibilityService } from '../visibility/service.js';
import { insertStatusLinks } from '../trends/links.js';
import * as store from './store.js';
import { StatusInteractions } from './interactions.js';
import type { MediaService } from '../media/service.js';
import { deleteMediaOfStatuses } from '../media/store.js';
import { checkPoll, insertPoll, type PollInput } from '../polls/service.js';
import { deletePollOfStatus } from '../polls/store.js';
import { unavailabilityOf } from '../db/availability.js';

export interface NewPost {
  status?: string;
  spoiler_text?: string;
  sensitive?: boolean;
  visibility?: string;
  language?: string;
  in_reply_to_id?: number;
  media_ids?: number[];
  poll?: PollInput;
}

export class PostService {
  private readonly interactions: StatusInteractions;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: Config,
    private readonly write: Write,
    readonly presenter: StatusPresenter,
    private readonly media: MediaService,
    private readonly visibility: VisibilityService,
    private readonly clock: () => number = Date.now,
  ) {
    this.interactions = new StatusInteractions(db, config, write, presenter, visibility, clock, this);
  }

  /**
   * Several statuses at once (GET /api/v1/statuses?id[]=, trends), in the order asked, leaving
   * out the ones that are gone or that the viewer may not see.
   */
  async showMany(ids: number[], viewerId?: number): Promise<StatusJson[]> {
    const rows = new Map((await store.findStatusesByIds(this.db, ids)).map((r) => [r.id, r]));
    const ordered = ids.flatMap((id) => (rows.has(id) ? [rows.get(id)!] : []));
    return this.presenter.present(await this.visibility.visibleAmong(ordered, viewerId), viewerId);
  }

  /** A status the viewer may see, or a 404 (a hidden status is indistinguishable from none). */
  async visibleStatus(id: number, viewerId?: number): Promise<StatusRow> {
    const row = await store.findStatus(this.db, id);
    if (!row || !(await this.visibility.canSee(row, viewerId))) throw notFound();
    return row;
  }

  async show(id: number, viewerId?: number): Promise<StatusJson> {
    let row: StatusRow;
    try {
      row = await this.visibleStatus(id, viewerId);
    } catch (error) {
      row = this.cachedWhileAway(error, id, viewerId);
    }
    const json = await this.presenter.presentOne(row, viewerId);
    if (!json) throw notFound();
    return json;
  }

  /**
   * While the database is away, a status the render cache holds is still shown where seeing it
   * needs no relation to be checked: a public or unlisted one, to a signed-out reader or its
   * author. Anything else is the database's error (503) as it was.
   */
  private cachedWhileAway(error: unknown, id: number, viewerId?: number): StatusRow {
    const row = unavailabilityOf(error) ? this.presenter.cache.stale('status', id)?.row : undefined;
    const open = row !== undefined && (row.visibility === 'public' || row.visibility === 'unlisted');
    if (!row || !open || (viewerId !== undefined && viewerId !== row.account_id)) throw error;
    return row;
  }

  /**
   * What a new post must pass before it is written (also asked when a post is scheduled, so that
   * a scheduled post fails when it is made, not when it is due).
   */
  async check(accountId: number, post: NewPost) {
    const text = (post.status ?? '').replace(/\r\n?/g, '\n');
    const mediaIds = post.media_ids ?? [];
    if (!text.trim() && mediaIds.length === 0) throw unprocessable("Validation failed: Text can't be blank");
    // The raw bound first, then the weight, then the entities: each parse only once the one
    // before has shown the text is short enough for it to be cheap.
    if (exceedsRawLength(text, this.config.maxPostRawLength) || weightedLength(text) > this.config.maxPostLength) {
      throw unprocessable(`Validation failed: Text character limit of ${this.config.maxPostLength} exceeded`);
    }
    await this.media.checkAttachable(accountId, mediaIds);
    const poll = post.poll ? checkPoll(post.poll, mediaIds.length) : undefined;
    const parsed = parseText(text);
    // What the post does not say, the author's defaults do (CredentialAccount.source, as Mastodon).
    const author = await findAccountById(this.db, accountId);
    const visibility = (post.visibility ?? author?.default_visibility ?? 'public') as Visibility;
    const defaults = { sensitive: author?.default_sensitive === 1, language: { chosen: author?.default_language || null, locale: author?.locale || null } };
    if (!VISIBILITIES.includes(visibility)) throw unprocessable('Validation failed: Visibility is not included in the list');
    if (post.language !== undefined && post.language !== '' && !/^[a-z]{2,3}$/i.test(post.language)) {
      throw unprocessable('Validation failed: Language is not a valid ISO 639 code');
    }
    let parent: StatusRow | undefined;
    if (post.in_reply_to_id !== undefined) {
      parent = await store.findStatus(this.db, post.in_reply_to_id);
      if (!parent || parent.reblog_of_id !== null || !(await this.visibility.canSee(parent, accountId))) {
        throw notFound('The post being replied to was not found');
      }
    }
    return { text, mediaIds, parsed, visibility, parent, poll, defaults };
  }

  async create(accountId: number, appId: number | null, post: NewPost, idempotencyKey?: string): Promise<StatusJson> {
    if (idempotencyKey) {
      const seen = await store.findIdempotentStatus(this.db, accountId, idempotencyKey);
      if (seen) return this.show(seen.status_id, accountId);
    }
    const { text, mediaIds, parsed, visibility, parent, poll, defaults } = await this.check(accountId, post);
    // Mentioning oneself links and lists like any mention (insertNotification skips telling them).
    const mentioned = await findAccountsByUsernames(this.db, parsed.mentions);
    const now = this.clock();
    const id = newId(now);
    const pollId = poll ? newId(now) : null;
    try {
      await this.write(async (trx) => {
        if (idempotencyKey) await store.insertIdempotencyKey(trx, accountId, idempotencyKey, id, now);
        await store.insertStatus(trx, {
          id,
          account_id: accountId,
          text,
          content: renderContent(text, { publicUrl: this.config.publicUrl, knownMentions: new Set(mentioned.map((a) => a.username_key)) }),
          spoiler_text: (post.spoiler_text ?? '').slice(0, 500),
          sensitive: (post.sensitive ?? defaults.sensitive) || post.spoiler_text ? 1 : 0,
          visibility,
          language: postLanguage(post.language, defaults.language, text),
          in_reply_to_id: parent?.id ?? null,
          in_reply_to_account_id: parent?.account_id ?? null,
          // The thread's first post: what a conversation mute names.
          conversation_id: parent ? store.conversationOf(parent) : null,
          reblog_of_id: null,
          app_id: appId,
          search_text: searchForm(`${post.spoiler_text ?? ''} ${text}`),
          created_at: now,
          edited_at: null,
          poll_id: pollId,
        });
        if (poll) await insertPoll(trx, poll, { pollId: pollId!, statusId: id, accountId }, now);
        await store.insertMentions(trx, id, mentioned.map((a) => a.id));
        await this.media.attach(trx, id, mediaIds);
        const tags = parsed.hashtags.map((name) => ({ name, key: hashtagKey(name), id: newId(now) }));
        const tagIds = await store.upsertTags(trx, tags, now);
        await store.insertStatusTags(trx, id, accountId, [...tagIds.values()], now);
        await insertStatusLinks(trx, id, accountId, parsed.urls, now);
        // Rows are locked in one order everywhere, statuses before accounts, so that concurrent
        // writes never wait on each other in a circle (PostgreSQL would abort one: a 500).
        if (parent) await store.adjustStatusCounter(trx, parent.id, 'replies_count', 1);
        await adjustAccountCounter(trx, accountId, 'statuses_count', 1);
        await touchLastStatus(trx, accountId, now);
        for (const account of mentioned) await insertNotification(trx, { accountId: account.id, fromAccountId: accountId, type: 'mention', statusId: id, now });
        // A direct post joins its author's conversation (those mentioned get theirs when notified).
        if (visibility === 'direct') await addStatusToConversation(trx, accountId, id, now);
      });
    } catch (error) {
      // The same Idempotency-Key raced in twice: the first one won; answer with its post.
      if (idempotencyKey && /unique|duplicate/i.test(String(error))) {
        const seen = await store.findIdempotentStatus(this.db, accountId, idempotencyKey);
        if (seen) return this.show(seen.status_id, accountId);
      }
      throw error;
    }
    return this.show(id, accountId);
  }

  async remove(accountId: number, id: number): Promise<StatusJson> {
    const row = await store.findStatus(this.db, id);
    if (row && row.reblog_of_id !== null && row.account_id === accountId) {
      // One's own reblog may be deleted by its id too, as on Mastodon: that is an unreblog.
      const reblog = (await this.presenter.presentOne(row, accountId))!;
      await this.unreblog(accountId, row.reblog_of_id);
      return reblog;
    }
    if (!row || row.reblog_of_id !== null || !(await this.visibility.canSee(row, accountId))) throw notFound();
    if (row.account_id !== accountId) throw forbidden('You can only delete your own posts');
    const json = (await this.presenter.presentOne(row, accountId))!;
    const files = await this.write(async (trx) => {
      // Two deletes racing: the row lock lets one through; the other finds the row gone and
      // stops before it touches a counter.
      if (!(await store.deleteStatusRow(trx, id))) throw notFound();
      if (row.in_reply_to_id !== null) await store.adjustStatusCounter(trx, row.in_reply_to_id, 'replies_count', -1);
      const removedReblogs = await store.deleteStatusCascade(trx, id);
      if (row.poll_id != null) await deletePollOfStatus(trx, id);
      // Accounts last, in id order (the lock order of create and follow).
      const deltas = new Map<number, number>([[accountId, -1]]);
      for (const reblog of removedReblogs) deltas.set(reblog.account_id, (deltas.get(reblog.account_id) ?? 0) - 1);
      for (const [account, delta] of [...deltas].sort((a, b) => a[0] - b[0])) await adjustAccountCounter(trx, account, 'statuses_count', delta);
      return deleteMediaOfStatuses(trx, [id]);
    });
    // Its media rows went with it (its links answer 404 from the commit on); now the files.
    await this.media.removeFiles(files);
    return { ...json, text: row.text };
  }

  async context(id: number, viewerId?: number): Promise<{ ancestors: StatusJson[]; descendants: StatusJson[] }> {
    const status = await this.visibleStatus(id, viewerId);
    const ancestors: StatusRow[] = [];
    let parentId = status.in_reply_to_id;
    while (parentId !== null && ancestors.length < 40) {
      const parent = await store.findStatus(this.db, parentId);
      if (!parent) break;
      ancestors.unshift(parent);
      parentId = parent.in_reply_to_id;
    }
    // Descendants in thread order: each reply followed by its own replies.
    const childrenOf = new Map<number, StatusRow[]>();
    let frontier = [status.id];
    let total = 0;
    while (frontier.length && total < 500) {
      const replies = await store.repliesTo(this.db, frontier);
      total += replies.length;
      for (const r of replies) {
        const list = childrenOf.get(r.in_reply_to_id!) ?? [];
        list.push(r);
        childrenOf.set(r.in_reply_to_id!, list);
      }
      frontier = replies.map((r) => r.id);
    }
    const descendants: StatusRow[] = [];
    const walk = (parent: number) => {
      for (const child of childrenOf.get(parent) ?? []) {
        descendants.push(child);
        walk(child.id);
      }
    };
    walk(status.id);
    // What the viewer may see, less what their blocks and mutes keep out of threads.
    const visible = async (rows: StatusRow[]) => this.presenter.present(await this.visibility.inFeedsAmong(rows, viewerId), viewerId);
    return { ancestors: await visible(ancestors), descendants: await visible(descendants) };
  }

  // Reblogs, favourites, bookmarks and who made them: interactions.ts.

  reblog(accountId: number, id: number, requested?: string): Promise<StatusJson> {
    return this.interactions.reblog(accountId, id, requested);
  }

  unreblog(accountId: number, id: number): Promise<StatusJson> {
    return this.interactions.unreblog(accountId, id);
  }

  favourite(accountId: number, id: number, on: boolean): Promise<StatusJson> {
    return this.interactions.favourite(accountId, id, on);
  }

  bookmark(accountId: number, id: number, on: boolean): Promise<StatusJson> {
    return this.interactions.bookmark(accountId, id, on);
  }

  marked(...args: Parameters<StatusInteractions['marked']>) {
    return this.interactions.marked(...args);
  }

  whoActed(...args: Parameters<StatusInteractions['whoActed']>) {
    return this.interactions.whoActed(...args);
  }
}
