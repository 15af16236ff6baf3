// The "skeleton" step of timeline reads: which status ids, in which order. Hydration and
// presentation happen in the posts presenter. This SQL implementation computes home timelines at
// read time; issue 5 adds a Redis fan-out implementation behind the same interface.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import type { Page } from '../http/pagination.js';
import { isFollowing } from '../accounts/follows.js';
import { blockerIdsAmong } from '../accounts/blocks.js';
import { authorStatusesCondition, homeCondition, publicTimelineCondition, type SqlViewer } from '../visibility/sql.js';
import { followedTagIdsQuery, listCondition, notLeftForExclusiveList, taggedPostReachesHome } from '../visibility/organising-sql.js';
import type { RepliesPolicy } from '../visibility/organising.js';

type Db = Kysely<Database>;

/** How many of a tag's newest entries one read may check at most (see tag). */
const TAG_SCAN_MAX = 4000;

export interface AccountTimelineOptions {
  viewerId?: number;
  excludeReplies?: boolean;
  excludeReblogs?: boolean;
  tagKey?: string;
}

export interface TimelineStore {
  home(accountId: number, page: Page): Promise<number[]>;
  /** With a viewer: without the accounts their blocks and mutes keep out. */
  publicTimeline(page: Page, viewerId?: number): Promise<number[]>;
  tag(tagKey: string, page: Page, viewerId?: number): Promise<number[]>;
  account(accountId: number, page: Page, options: AccountTimelineOptions): Promise<number[]>;
}

export class SqlTimelineStore implements TimelineStore {
  constructor(
    private readonly db: Db,
    /** The clock timed mutes end by. */
    private readonly clock: () => number = Date.now,
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

  async publicTimeline(page: Page, viewerId?: number): Promise<number[]> {
    const query = this.db.selectFrom('statuses').select('id').where(publicTimelineCondition(this.db, this.viewer(viewerId)));
    return ids(newestFirst(await applyKeyset(query, 'id', page).execute(), page));
  }

  /**
   * A tag's public posts. The tag's newest entries are read first (a few pages' worth, then up to
   * TAG_SCAN_MAX), and only those are checked against the rules: a tag flooded by accounts since
   * suspended would otherwise be walked to its very first post on every read (500,000 rows after
   * the crisis benchmark's wave). A page whose window held only hidden posts comes back short.
   */
  async tag(tagKey: string, page: Page, viewerId?: number): Promise<number[]> {
    const tag = await this.db.selectFrom('tags').select('id').where('name_key', '=', tagKey).executeTakeFirst();
    if (!tag) return [];
    const read = async (window: number) => {
      const recent = applyKeyset(this.db.selectFrom('status_tags').select('status_tags.status_id').where('status_tags.tag_id', '=', tag.id), 'status_tags.status_id', { ...page, limit: window });
      const query = this.db
        .selectFrom(recent.as('recent'))
        .innerJoin('statuses', 'statuses.id', 'recent.status_id')
        .select('statuses.id as id')
        .where(publicTimelineCondition(this.db, this.viewer(viewerId)) as never);
      return ids(newestFirst(await applyKeyset(query, 'statuses.id', page).execute(), page));
    };
    const first = Math.max(page.limit * 4, 80);
    const found = await read(first);
    return found.length >= page.limit ? found : read(TAG_SCAN_MAX);
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

