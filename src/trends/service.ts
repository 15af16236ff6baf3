import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { TagJson } from '../search/service.js';
import { trendScore } from './score.js';
import { tagShownCondition, tagShownFloor } from '../visibility/sql.js';

const DAY_MS = 86_400_000;
const CACHE_MS = 30_000;
// Inlined, not bound: SQLite binds a JS number as REAL, which would make `created_at / day` a
// fractional day and group every post apart.
const DAY_SQL = sql.lit(DAY_MS);

type DailyRow = { tag_id: number; day: number; uses: number; accounts: number };

export class TrendService {
  private cache: { at: number; tags: TagJson[] } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly publicUrl: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Uses and distinct accounts per tag per UTC day, public posts by accounts not suspended only. */
  private async daily(since: number, tagIds?: number[]): Promise<DailyRow[]> {
    let q = this.db
      .selectFrom('status_tags')
      .innerJoin('statuses', 'statuses.id', 'status_tags.status_id')
      .innerJoin('accounts', 'accounts.id', 'statuses.account_id')
      .select([
        'status_tags.tag_id as tag_id',
        sql<number>`status_tags.created_at / ${DAY_SQL}`.as('day'),
        sql<number>`count(*)`.as('uses'),
        sql<number>`count(distinct status_tags.account_id)`.as('accounts'),
      ])
      .where('status_tags.created_at', '>=', since)
      .where('statuses.visibility', '=', 'public')
      .where('accounts.suspended_at', 'is', null)
      .groupBy(['status_tags.tag_id', sql`status_tags.created_at / ${DAY_SQL}`]);
    if (tagIds) q = q.where('status_tags.tag_id', 'in', tagIds);
    return (await q.execute()).map((r) => ({ tag_id: Number(r.tag_id), day: Number(r.day), uses: Number(r.uses), accounts: Number(r.accounts) }));
  }

  /** Mastodon's history: the last 7 UTC days, newest first, numbers as strings. */
  history(rows: DailyRow[], now: number): TagJson['history'] {
    const today = Math.floor(now / DAY_MS);
    return Array.from({ length: 7 }, (_, i) => {
      const day = today - i;
      const row = rows.find((r) => r.day === day);
      return { day: String(day * 86_400), uses: String(row?.uses ?? 0), accounts: String(row?.accounts ?? 0) };
    });
  }

  async trendingTags(limit: number, offset: number): Promise<TagJson[]> {
    const now = this.clock();
    if (!this.cache || now - this.cache.at > CACHE_MS) this.cache = { at: now, tags: await this.compute(now) };
    return this.cache.tags.slice(offset, offset + limit);
  }

  invalidate(): void {
    this.cache = null;
  }

  private async compute(now: number): Promise<TagJson[]> {
    const recentRows = await this.db
      .selectFrom('status_tags')
      .innerJoin('statuses', 'statuses.id', 'status_tags.status_id')
      .innerJoin('accounts', 'accounts.id', 'statuses.account_id')
      .select(['status_tags.tag_id as tag_id', sql<number>`count(distinct status_tags.account_id)`.as('accounts')])
      .where('status_tags.created_at', '>=', now - DAY_MS)
      .where('statuses.visibility', '=', 'public')
      .where('accounts.suspended_at', 'is', null)
      .groupBy('status_tags.tag_id')
      .execute();
    const candidates = recentRows.filter((r) => Number(r.accounts) >= 2);
    if (candidates.length === 0) return [];
    const tagIds = candidates.map((r) => Number(r.tag_id));
    // Baseline: the seven days before the last 24 hours, as distinct accounts per day.
    const baselineRows = await this.db
      .selectFrom('status_tags')
      .innerJoin('statuses', 'statuses.id', 'status_tags.status_id')
      .innerJoin('accounts', 'accounts.id', 'statuses.account_id')
      .select(['status_tags.tag_id as tag_id', sql<number>`count(distinct status_tags.account_id || ':' || (status_tags.created_at / ${DAY_SQL}))`.as('account_days')])
      .where('status_tags.created_at', '>=', now - 8 * DAY_MS)
      .where('status_tags.created_at', '<', now - DAY_MS)
      .where('statuses.visibility', '=', 'public')
      .where('accounts.suspended_at', 'is', null)
      .where('status_tags.tag_id', 'in', tagIds)
      .groupBy('status_tags.tag_id')
      .execute();
    const baseline = new Map(baselineRows.map((r) => [Number(r.tag_id), Number(r.account_days) / 7]));
    const scored = candidates
      .map((r) => ({ tagId: Number(r.tag_id), score: trendScore({ recentAccounts: Number(r.accounts), baselineAccounts: baseline.get(Number(r.tag_id)) ?? 0 }) }))
      .filter((t) => t.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 40);
    if (scored.length === 0) return [];
    const ids = scored.map((t) => t.tagId);
    const [tags, daily] = await Promise.all([
      this.db.selectFrom('tags').select(['id', 'name']).where('id', 'in', ids).execute(),
      this.daily(now - 7 * DAY_MS, ids),
    ]);
    const nameOf = new Map(tags.map((t) => [Number(t.id), t.name]));
    return scored.map((t) => {
      const name = nameOf.get(t.tagId)!;
      return { name, url: `${this.publicUrl}/tags/${encodeURIComponent(name)}`, history: this.history(daily.filter((d) => d.tag_id === t.tagId), now) };
    });
  }

  /**
   * A tag that some post everyone may read uses (or the viewer did, or follows it): else it stays
   * unnamed. `following`: whether the viewer follows it (tags/follows.ts).
   */
  async tag(key: string, viewerId?: number): Promise<TagJson | undefined> {
    const followed = (eb: ExpressionBuilder<Database, 'tags'>) =>
      eb.exists(eb.selectFrom('tag_follows').select('tag_follows.id').whereRef('tag_follows.tag_id', '=', 'tags.id').where('tag_follows.account_id', '=', viewerId ?? -1));
    const named = await this.db.selectFrom('tags').select('id').where('name_key', '=', key).executeTakeFirst();
    if (!named) return undefined;
    const floor = await tagShownFloor(this.db, Number(named.id));
    const tag = await this.db
      .selectFrom('tags')
      .select((eb) => ['id', 'name', followed(eb).as('following')])
      .where('id', '=', named.id)
      .where((eb) => eb.or([tagShownCondition(viewerId, floor)(eb), followed(eb)]))
      .executeTakeFirst();
    if (!tag) return undefined;
    return (await this.tagsJson([{ id: Number(tag.id), name: tag.name }], viewerId === undefined ? undefined : Boolean(Number(tag.following))))[0];
  }

  /** Tags as Mastodon's Tag entity, with their history (one query for all of them). */
  async tagsJson(tags: { id: number; name: string }[], following?: boolean): Promise<TagJson[]> {
    if (tags.length === 0) return [];
    const now = this.clock();
    const daily = await this.daily(now - 7 * DAY_MS, tags.map((t) => t.id));
    return tags.map((t) => ({
      name: t.name,
      url: `${this.publicUrl}/tags/${encodeURIComponent(t.name)}`,
      history: this.history(daily.filter((d) => d.tag_id === t.id), now),
      ...(following === undefined ? {} : { following }),
    }));
  }
}
