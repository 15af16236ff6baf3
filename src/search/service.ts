// Search over accounts, hashtags and posts. Text is folded by searchForm (Arabic diacritics,
// letter variants, digits, case) when it is stored and when it is asked for, so "تويتر" finds
// "تُوِيتَر". The SQL is a portable LIKE over the folded column; issue 5 gives PostgreSQL a
// trigram index over the same column.
import { sql, type Kysely } from 'kysely';
import type { Database, StatusRow } from '../db/schema.js';
import { hashtagKey, searchForm } from '../lib/arabic.js';
import type { AccountService } from '../accounts/service.js';
import type { StatusJson, StatusPresenter } from '../posts/presenter.js';
import type { AccountJson } from '../accounts/presenter.js';
import { statusesInOrder } from '../posts/store.js';
import type { VisibilityService } from '../visibility/service.js';
import { tagShownCondition } from '../visibility/sql.js';

export interface TagJson {
  name: string;
  url: string;
  history: { day: string; uses: string; accounts: string }[];
  following?: boolean;
}

export interface SearchResults {
  accounts: AccountJson[];
  statuses: StatusJson[];
  hashtags: TagJson[];
}

export interface SearchQuery {
  q: string;
  type?: 'accounts' | 'hashtags' | 'statuses';
  limit: number;
  offset: number;
  accountId?: number;
  maxId?: number;
  minId?: number;
  viewerId?: number;
  following?: boolean;
}

/** How many hits one search may check at most for the viewer (see statuses). */
export const SEARCH_SCAN_MAX = 5000;

const likePattern = (needle: string) => `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class SearchService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly presenter: StatusPresenter,
    private readonly accounts: AccountService,
    private readonly visibility: VisibilityService,
  ) {}

  async search(query: SearchQuery, publicUrl: string): Promise<SearchResults> {
    const want = (type: SearchQuery['type']) => !query.type || query.type === type;
    const [accounts, statuses, hashtags] = await Promise.all([
      want('accounts') ? this.accounts.search(query.q, query.limit, query.offset, query.viewerId, query.following) : [],
      want('statuses') ? this.statuses(query) : [],
      want('hashtags') ? this.hashtags(query.q, query.limit, query.offset, publicUrl, query.viewerId) : [],
    ]);
    return { accounts, statuses, hashtags };
  }

  private async statuses(query: SearchQuery): Promise<StatusJson[]> {
    const needle = searchForm(query.q);
    if (!needle) return [];
    // Every word must appear, in any order.
    const words = needle.split(' ').filter(Boolean).slice(0, 8);
    // No conditions on reblog_of_id or visibility here, on purpose: reblogs have empty text, so
    // never match, and visibility is checked for the hits below. Either condition would let SQLite
    // pick its index and sort every row instead of walking ids newest-first (265 ms vs 0.1 ms).
    let q = this.db.selectFrom('statuses').select(['id']);
    for (const word of words) q = q.where(sql<boolean>`search_text like ${likePattern(word)} escape '\\'`);
    if (query.accountId !== undefined) q = q.where('account_id', '=', query.accountId);
    if (query.minId !== undefined) q = q.where('id', '>', query.minId);
    // Hits are read in windows, newest first, each continuing below the last hit read, and checked
    // for the viewer until offset + limit are findable or the hits run out: a wave of posts the
    // viewer may not find (blocked, muted, suspended, private) never leaves a short or empty page
    // while older ones match. At most SEARCH_SCAN_MAX hits per search.
    const wanted = query.offset + query.limit;
    const found: StatusRow[] = [];
    let below = query.maxId;
    let window = Math.max(wanted * 2, 20);
    for (let scanned = 0; scanned < SEARCH_SCAN_MAX; ) {
      const round = below === undefined ? q : q.where('id', '<', below);
      const rows = await round.orderBy('id', 'desc').limit(window).execute();
      if (rows.length === 0) break;
      const candidates = await statusesInOrder(this.db, rows.map((r) => Number(r.id)));
      found.push(...(await this.visibility.findableAmong(candidates, query.viewerId)));
      scanned += rows.length;
      if (found.length >= wanted || rows.length < window) break;
      below = Number(rows[rows.length - 1].id);
      window = Math.min(window * 2, 1000);
    }
    return this.presenter.present(found.slice(query.offset, wanted), query.viewerId);
  }

  /** Tags by name prefix; only tags some post everyone may read uses (or the viewer's own). */
  async hashtags(raw: string, limit: number, offset: number, publicUrl: string, viewerId?: number): Promise<TagJson[]> {
    const key = hashtagKey(raw.trim());
    if (!key || /\s/.test(key)) return [];
    const rows = await this.db
      .selectFrom('tags')
      .select(['name', 'name_key'])
      .where(sql<boolean>`name_key like ${`${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`)
      .where(tagShownCondition(viewerId))
      .orderBy(sql`case when name_key = ${key} then 0 else 1 end`)
      .orderBy('name_key')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => ({ name: r.name, url: `${publicUrl}/tags/${encodeURIComponent(r.name)}`, history: [] }));
  }
}
