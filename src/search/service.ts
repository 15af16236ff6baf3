// Search over accounts, hashtags and posts. Text is folded by searchForm (Arabic diacritics,
// letter variants, digits, case) when it is stored and when it is asked for, so "تويتر" finds
// "تُوِيتَر". The SQL is a portable LIKE over the folded column; issue 5 gives PostgreSQL a
// trigram index over the same column.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
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
    if (query.maxId !== undefined) q = q.where('id', '<', query.maxId);
    if (query.minId !== undefined) q = q.where('id', '>', query.minId);
    // Over-fetch a little: some hits may be posts the viewer may not find (private, unlisted).
    const rows = await q.orderBy('id', 'desc').limit(query.limit * 3 + query.offset).execute();
    const candidates = await statusesInOrder(this.db, rows.map((r) => Number(r.id)));
    const visible = await this.visibility.findableAmong(candidates, query.viewerId);
    return this.presenter.present(visible.slice(query.offset, query.offset + query.limit), query.viewerId);
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
