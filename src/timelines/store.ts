// The "skeleton" step of timeline reads: which status ids, in which order. Hydration and
// presentation happen in the posts presenter. This SQL implementation computes home timelines at
// read time; issue 5 adds a Redis fan-out implementation behind the same interface.
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import type { Page } from '../http/pagination.js';
import { isFollowing } from '../accounts/follows.js';
import { blockerIdsAmong } from '../accounts/blocks.js';
import { authorStatusesCondition, homeCondition, publicTimelineCondition, type SqlViewer } from '../visibility/sql.js';
import { followedTagIdsQuery, listCondition, notLeftForExclusiveList, taggedPostReachesHome } from '../visibility/organising-sql.js';
import type { RepliesPolicy } from '../visibility/organising.js';

type Db = Kysely<Database>;

/** How many of a tag's entries one read may check at most (see tag). */
export const TAG_SCAN_MAX = 10_000;

/** A page of ids found by a bounded scan; `scannedTo`: where a page cut short by the bound stopped. */
export interface ScannedPage {
  ids: number[];
  scannedTo?: number;
}

export interface AccountTimelineOptions {
  viewerId?: number;
  excludeReplies?: boolean;
  excludeReblogs?: boolean;
  tagKey?: string;
  /** Only the statuses the author pinned (profile/pins.ts), paged by status id as Mastodon does. */
  pinned?: boolean;
  /** Only statuses with media attached (so never reblogs, whose media is the original's). */
  onlyMedia?: boolean;
}

export interface PublicOptions {
  /** Only statuses with media attached. */
  onlyMedia?: boolean;
}

/** Statuses with an attachment (any status with media is the one it was posted with). */
const withMedia = (eb: ExpressionBuilder<Database, 'statuses'>) => eb('statuses.id', 'in', eb.selectFrom('media_attachments').select('media_attachments.status_id').where('media_attachments.status_id', 'is not', null));

export interface TimelineStore {
  home(accountId: number, page: Page): Promise<number[]>;
  /** With a viewer: without the accounts their blocks and mutes keep out. */
  publicTimeline(page: Page, viewerId?: number, options?: PublicOptions): Promise<number[]>;
  tag(tagKey: string, page: Page, viewerId?: number, options?: PublicOptions): Promise<ScannedPage>;
  /** Public posts sharing a link (trends/links.ts records them); undefined when none ever did. */
  link(url: string, page: Page, viewerId?: number): Promise<number[] | undefined>;
  account(accountId: number, page: Page, options: AccountTimelineOptions): Promise<number[]>;
}

export class SqlTimelineStore implements TimelineStore {
  constructor(
    private readonly db: Db,
    /** The clock timed mutes end by. */
    private readonly clock: () => number = Date.now,
    /** How many tag entries one read may check (tests lower it). */
    private readonly tagScanMax = TAG_SCAN_MAX,
  ) {}

  private viewer(id: number): SqlViewer;
  private viewer(id: number | undefined): SqlViewer | undefined;
  private viewer(id: number | undefined): SqlViewer | undefined {
    return id === undefined ? undefined : { id, now: this.clock() };
  }

  /**
   * Statuses that belong in `viewerId`'s home timeline (visibility/sql.ts), optionally by some
   * authors only, less those exclusive lists take out (visibility/organising-sql.ts).
   */
  private homeQuery(viewerId: number, authors?: number[]) {
    return this.db.selectFrom('statuses').select('id').where(homeCondition(this.db, this.viewer(viewerId), authors)).where(notLeftForExclusiveList(this.db, viewerId));
  }

  /**
   * Home: what follows bring, merged with what followed hashtags bring (a second keyset read,
   * over the tags' (tag_id, status_id) index, so neither condition spoils the other's plan).
   */
  async home(accountId: number, page: Page): Promise<number[]> {
    const [followed, fromTags] = await Promise.all([applyKeyset(this.homeQuery(accountId), 'id', page).execute(), this.followedTagPosts(accountId, page)]);
    return mergePages(ids(newestFirst(followed, page)), fromTags, page);
  }

  /**
   * Posts with a tag the viewer follows that reach their home (visibility/organising-sql.ts). As
   * in `tag`: the tags' newest entries are read first, a few pages' worth, then up to
   * TAG_SCAN_MAX, and only those are checked, so a rare tag does not walk every status.
   */
  private async followedTagPosts(viewerId: number, page: Page): Promise<number[]> {
    // Most people follow no tag: one index probe, and nothing more is read.
    const tagIds = (await followedTagIdsQuery(this.db, viewerId).execute()).map((r) => Number(r.tag_id));
    if (tagIds.length === 0) return [];
    const read = async (window: number) => {
      const recent = applyKeyset(
        this.db.selectFrom('status_tags').select('status_tags.status_id').where('status_tags.tag_id', 'in', tagIds),
        'status_tags.status_id',
        { ...page, limit: window },
      );
      const query = this.db
        .selectFrom(recent.as('recent'))
        .innerJoin('statuses', 'statuses.id', 'recent.status_id')
        .select('statuses.id as id')
        .distinct()
        .where(taggedPostReachesHome(this.db, this.viewer(viewerId)) as never);
      return ids(newestFirst(await applyKeyset(query, 'statuses.id', page).execute(), page));
    };
    const found = await read(Math.max(page.limit * 4, 80));
    return found.length >= page.limit ? found : read(TAG_SCAN_MAX);
  }

  /**
   * A list's timeline (visibility/organising.ts inList), read from SQL over the members' (account_id,
   * id) index; `members` are those the owner follows (and the owner, if a member).
   */
  async list(ownerId: number, repliesPolicy: RepliesPolicy, members: number[], page: Page): Promise<number[]> {
    if (members.length === 0) return [];
    const query = this.db.selectFrom('statuses').select('id').where(listCondition(this.db, this.viewer(ownerId), repliesPolicy, members));
    return ids(newestFirst(await applyKeyset(query, 'id', page).execute(), page));
  }

  /** Home-timeline entries by some authors only (merged in at read time by the Redis store). */
  async postsBy(authors: number[], viewerId: number, page: Page): Promise<number[]> {
    if (authors.length === 0) return [];
    return ids(newestFirst(await applyKeyset(this.homeQuery(viewerId, authors), 'id', page).execute(), page));
  }

  async publicTimeline(page: Page, viewerId?: number, options: PublicOptions = {}): Promise<number[]> {
    let query = this.db.selectFrom('statuses').select('id').where(publicTimelineCondition(this.db, this.viewer(viewerId)));
    if (options.onlyMedia) query = query.where(withMedia);
    return ids(newestFirst(await applyKeyset(query, 'id', page).execute(), page));
  }

  async link(url: string, page: Page, viewerId?: number): Promise<number[] | undefined> {
    const shared = await this.db.selectFrom('status_links').select('status_id').where('url', '=', url).limit(1).executeTakeFirst();
    if (!shared) return undefined;
    const query = this.db
      .selectFrom('statuses')
      .select('statuses.id as id')
      .where('statuses.id', 'in', (eb) => eb.selectFrom('status_links').select('status_links.status_id').where('status_links.url', '=', url))
      .where(publicTimelineCondition(this.db, this.viewer(viewerId)));
    return ids(newestFirst(await applyKeyset(query, 'statuses.id', page).execute(), page));
  }

  /**
   * A tag's public posts, a full page of them: the tag's entries are read in windows (keyset
   * continuation from the last one read, each window twice the last) and checked against the
   * rules until the page is full or the tag has no more. A tag flooded by accounts since suspended
   * or blocked would otherwise give a short or empty page (which clients take for the end) while
   * older posts match. At most TAG_SCAN_MAX entries per read: past that the page comes back short
   * with `scannedTo`, where the next page continues (the Link header points there).
   */
  async tag(tagKey: string, page: Page, viewerId?: number, options: PublicOptions = {}): Promise<ScannedPage> {
    const tag = await this.db.selectFrom('tags').select('id').where('name_key', '=', tagKey).executeTakeFirst();
    if (!tag) return { ids: [] };
    const condition = publicTimelineCondition(this.db, this.viewer(viewerId));
    const found: number[] = [];
    let cursor: Page = { ...page };
    let window = Math.max(page.limit * 2, 20);
    let scanned = 0;
    for (;;) {
      const entries = await applyKeyset(this.db.selectFrom('status_tags').select('status_tags.status_id').where('status_tags.tag_id', '=', tag.id), 'status_tags.status_id', { ...cursor, limit: window }).execute();
      const read = entries.map((e) => Number(e.status_id));
      if (read.length === 0) break;
      let shownQuery = this.db.selectFrom('statuses').select('statuses.id as id').where('statuses.id', 'in', read).where(condition);
      if (options.onlyMedia) shownQuery = shownQuery.where(withMedia);
      const shown = new Set(ids(await shownQuery.execute()));
      for (const id of read) if (shown.has(id) && found.length < page.limit) found.push(id);
      scanned += read.length;
      if (found.length >= page.limit || read.length < window) break;
      const last = read[read.length - 1];
      if (scanned >= this.tagScanMax) return { ids: newestFirst(found, page), scannedTo: last };
      cursor = page.minId !== undefined ? { ...cursor, minId: last } : { ...cursor, maxId: last };
      window = Math.min(window * 2, 1000);
    }
    return { ids: newestFirst(found, page) };
  }

  async account(accountId: number, page: Page, options: AccountTimelineOptions): Promise<number[]> {
    const other = options.viewerId !== undefined && options.viewerId !== accountId ? options.viewerId : undefined;
    const [follows, blockedBy] = other === undefined ? [false, false] : await Promise.all([isFollowing(this.db, other, accountId), blockerIdsAmong(this.db, other, [accountId]).then((s) => s.size > 0)]);
    let query = this.db
      .selectFrom('statuses')
      .select('statuses.id as id')
      .where('statuses.account_id', '=', accountId)
      .where(authorStatusesCondition(this.db, accountId, this.viewer(options.viewerId), { follows, blockedBy }));
    if (options.excludeReplies) {
      query = query.where((eb) => eb.or([eb('in_reply_to_id', 'is', null), eb('in_reply_to_account_id', '=', accountId)]));
    }
    if (options.excludeReblogs) query = query.where('reblog_of_id', 'is', null);
    if (options.pinned) {
      query = query.where('statuses.id', 'in', (eb) => eb.selectFrom('status_pins').select('status_pins.status_id').where('status_pins.account_id', '=', accountId));
    }
    if (options.onlyMedia) {
      // Picked from the author's attachments (the (account_id, status_id) index), not by walking
      // every status of theirs: an account with a picture among thousands of posts stays fast.
      query = query.where('statuses.id', 'in', (eb) => eb.selectFrom('media_attachments').select('media_attachments.status_id').where('media_attachments.account_id', '=', accountId).where('media_attachments.status_id', 'is not', null));
    }
    if (options.tagKey) {
      query = query.where('statuses.id', 'in', (eb) =>
        eb.selectFrom('status_tags').innerJoin('tags', 'tags.id', 'status_tags.tag_id').select('status_tags.status_id').where('tags.name_key', '=', options.tagKey!),
      );
    }
    return ids(newestFirst(await applyKeyset(query, 'statuses.id', page).execute(), page));
  }
}

/** Two pages of the same bounds (each newest first) as one: the page's `limit` ids of their union. */
export function mergePages(a: number[], b: number[], page: Page): number[] {
  if (b.length === 0) return a;
  const all = [...new Set([...a, ...b])].sort((x, y) => y - x);
  // min_id wants the ids just above the cursor: the oldest ones of the union.
  return page.minId !== undefined ? all.slice(-page.limit) : all.slice(0, page.limit);
}

function ids(rows: { id: number }[]): number[] {
  return rows.map((r) => Number(r.id));
}

