// Trending links (GET /api/v1/trends/links): links shared in local public posts, ranked as tags
// are (trends/score.ts): the accounts that shared a link in the last day against its own daily
// average over the week before, so a link that is always shared does not trend and one that
// suddenly draws many voices does. Only public posts count, never a suspended or silenced
// author's, and each viewer's ranking leaves out the accounts they block, are blocked by or mute
// (visibility/rules.ts shuns): a link only they share does not trend for that viewer.
//
// Each link shows the preview card fetched for the posts that share it (cards/, one per link,
// by the same normalized URL); a link whose page gave no card has empty texts and no image, and
// clients show the bare link.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PreviewCardJson } from '../http/entities/preview-card.js';
import type { VisibilityService } from '../visibility/service.js';
import { trendScore } from './score.js';

type Db = Kysely<Database>;

const DAY_MS = 86_400_000;
const CACHE_MS = 30_000;
const DAY_SQL = sql.lit(DAY_MS);
/** Links kept as candidates between computations (the most shared of the last day). */
const CANDIDATES = 200;
const MAX_URL = 2000;

/** The link as counted: http(s) only, without its fragment; undefined for anything else. */
export function normalizeLink(raw: string): string | undefined {
  if (!/^https?:\/\//i.test(raw)) return undefined;
  try {
    const url = new URL(raw);
    url.hash = '';
    const text = url.toString();
    return text.length <= MAX_URL ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Records the links of a new post, in its transaction. */
export async function insertStatusLinks(db: Db, statusId: number, accountId: number, urls: string[], now: number): Promise<void> {
  const links = [...new Set(urls.map(normalizeLink).filter((u): u is string => u !== undefined))];
  if (links.length === 0) return;
  await db.insertInto('status_links').values(links.map((url) => ({ status_id: statusId, account_id: accountId, url, created_at: now }))).execute();
}

/**
 * An edited post's links, in the edit's transaction: they count as shared when the post was
 * (editing in a link does not make it newer to the trends).
 */
export async function replaceStatusLinks(db: Db, status: { id: number; account_id: number; created_at: number }, urls: string[]): Promise<void> {
  await db.deleteFrom('status_links').where('status_id', '=', status.id).execute();
  await insertStatusLinks(db, status.id, status.account_id, urls, status.created_at);
}

/** Mastodon's Trends::Link: the link's PreviewCard with its usage history. */
export interface TrendLinkJson extends PreviewCardJson {
  history: { day: string; accounts: string; uses: string }[];
}

interface Candidate {
  url: string;
  /** The accounts that shared it in the last day. */
  sharers: number[];
  /** Their usual number per day over the week before. */
  baseline: number;
  history: TrendLinkJson['history'];
}

export class LinkTrends {
  private cache: { at: number; candidates: Candidate[] } | null = null;

  constructor(
    private readonly db: Db,
    private readonly visibility: Pick<VisibilityService, 'shunnedAmong'>,
    private readonly clock: () => number = Date.now,
  ) {}

  async trending(limit: number, offset: number, viewerId?: number): Promise<TrendLinkJson[]> {
    const now = this.clock();
    if (!this.cache || now - this.cache.at > CACHE_MS) this.cache = { at: now, candidates: await this.compute(now) };
    const { candidates } = this.cache;
    const shunned = viewerId === undefined ? new Set<number>() : await this.visibility.shunnedAmong(viewerId, [...new Set(candidates.flatMap((c) => c.sharers))]);
    const page = candidates
      .map((c) => ({ c, score: trendScore({ recentAccounts: c.sharers.filter((id) => !shunned.has(id)).length, baselineAccounts: c.baseline }) }))
      .filter((t) => t.score > 0)
      .sort((a, b) => b.score - a.score || (a.c.url < b.c.url ? -1 : 1))
      .slice(offset, offset + limit);
    const cards = await this.previewCards(page.map(({ c }) => c.url));
    return page.map(({ c }) => ({ ...(cards.get(c.url) ?? emptyCard(c.url)), url: c.url, history: c.history }));
  }

  /** The stored preview cards of these links (read on every call: a card may arrive any time). */
  private async previewCards(urls: string[]): Promise<Map<string, PreviewCardJson>> {
    if (urls.length === 0) return new Map();
    const rows = await this.db.selectFrom('preview_cards').select(['url', 'data']).where('url', 'in', urls).execute();
    return new Map(rows.map((r) => [r.url, JSON.parse(r.data) as PreviewCardJson]));
  }

  invalidate(): void {
    this.cache = null;
  }

  /** The links shared in public posts by accounts in good standing, since `since`. */
  private shared(since: number) {
    return this.db
      .selectFrom('status_links')
      .innerJoin('statuses', 'statuses.id', 'status_links.status_id')
      .innerJoin('accounts', 'accounts.id', 'status_links.account_id')
      .where('status_links.created_at', '>=', since)
      .where('statuses.visibility', '=', 'public')
      .where('accounts.suspended_at', 'is', null)
      .where('accounts.silenced_at', 'is', null);
  }

  private async compute(now: number): Promise<Candidate[]> {
    const busiest = await this.shared(now - DAY_MS)
      .select(['status_links.url as url', sql<number>`count(distinct status_links.account_id)`.as('accounts')])
      .groupBy('status_links.url')
      .having(sql<number>`count(distinct status_links.account_id)`, '>=', 2)
      .orderBy('accounts', 'desc')
      .limit(CANDIDATES)
      .execute();
    if (busiest.length === 0) return [];
    const urls = busiest.map((r) => r.url);
    const [sharers, baselines, daily] = await Promise.all([
      this.shared(now - DAY_MS).select(['status_links.url as url', 'status_links.account_id as account_id']).where('status_links.url', 'in', urls).distinct().execute(),
      this.shared(now - 8 * DAY_MS)
        .select(['status_links.url as url', sql<number>`count(distinct status_links.account_id || ':' || (status_links.created_at / ${DAY_SQL}))`.as('account_days')])
        .where('status_links.created_at', '<', now - DAY_MS)
        .where('status_links.url', 'in', urls)
        .groupBy('status_links.url')
        .execute(),
      this.shared(now - 7 * DAY_MS)
        .select([
          'status_links.url as url',
          sql<number>`status_links.created_at / ${DAY_SQL}`.as('day'),
          sql<number>`count(*)`.as('uses'),
          sql<number>`count(distinct status_links.account_id)`.as('accounts'),
        ])
        .where('status_links.url', 'in', urls)
        .groupBy(['status_links.url', sql`status_links.created_at / ${DAY_SQL}`])
        .execute(),
    ]);
    const baseline = new Map(baselines.map((r) => [r.url, Number(r.account_days) / 7]));
    const today = Math.floor(now / DAY_MS);
    return urls.map((url) => ({
      url,
      sharers: sharers.filter((s) => s.url === url).map((s) => Number(s.account_id)),
      baseline: baseline.get(url) ?? 0,
      // Mastodon's history: the last 7 UTC days, newest first, numbers as strings.
      history: Array.from({ length: 7 }, (_, i) => {
        const row = daily.find((d) => d.url === url && Number(d.day) === today - i);
        return { day: String((today - i) * 86_400), accounts: String(row?.accounts ?? 0), uses: String(row?.uses ?? 0) };
      }),
    }));
  }
}

/** A link whose page gave no card (yet): Mastodon's PreviewCard with nothing to say. */
function emptyCard(url: string): PreviewCardJson {
  return {
    url,
    title: '',
    description: '',
    language: null,
    type: 'link',
    authors: [],
    author_name: '',
    author_url: '',
    provider_name: '',
    provider_url: '',
    html: '',
    width: 0,
    height: 0,
    image: null,
    image_description: '',
    embed_url: '',
    blurhash: null,
    published_at: null,
  };
}
