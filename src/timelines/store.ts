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

  /** Statuses that belong in `viewerId`'s home timeline (visibility/sql.ts), optionally by some authors only. */
  private homeQuery(viewerId: number, authors?: number[]) {
    return this.db.selectFrom('statuses').select('id').where(homeCondition(this.db, this.viewer(viewerId), authors));
  }

  async home(accountId: number, page: Page): Promise<number[]> {
    return ids(newestFirst(await applyKeyset(this.homeQuery(accountId), 'id', page).execute(), page));
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
      // Ordered by the window's column (the same ids), so the database walks the window and
      // looks each status up, instead of walking every status newest first and probing the
      // window: that walked all 600,000 once the tag's posts were all hidden (5 s on SQLite).
      return ids(newestFirst(await applyKeyset(query, 'recent.status_id', page).execute(), page));
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

function ids(rows: { id: number }[]): number[] {
  return rows.map((r) => Number(r.id));
}

