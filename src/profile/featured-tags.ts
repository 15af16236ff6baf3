// Hashtags an account features on its profile (GET/POST /api/v1/featured_tags, DELETE …/:id,
// …/suggestions, GET /api/v1/accounts/:id/featured_tags). Their counts are read when shown,
// from the author's public and unlisted posts with the tag (the (account_id, tag_id) index), so
// they never go stale when posts are written or deleted.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { notFound, unprocessable } from '../http/errors.js';
import { hashtagKey } from '../lib/arabic.js';
import { newId } from '../lib/ids.js';
import { upsertTags } from '../posts/store.js';
import type { AccountService } from '../accounts/service.js';

type Db = Kysely<Database>;

/** Mastodon's FeaturedTag::LIMIT (Instance configuration.accounts.max_featured_tags). */
export const MAX_FEATURED_TAGS = 10;
const SUGGESTIONS = 10;

/** Mastodon's Tag::HASHTAG_NAME_RE, near enough: letters, marks, digits, _, · and ZWNJ, not digits alone. */
const HASHTAG_NAME = /^[\p{L}\p{M}\p{N}_·\u200c]+$/u;
const NOT_ONLY_DIGITS = /[^\p{N}]/u;

export interface FeaturedTagJson {
  id: string;
  name: string;
  url: string;
  statuses_count: string;
  last_status_at: string | null;
}

export class FeaturedTags {
  constructor(
    private readonly db: Db,
    private readonly write: Write,
    private readonly accounts: AccountService,
    private readonly publicUrl: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** An account's featured tags, oldest first as Mastodon lists them; 404 for an account not shown. */
  async of(accountId: number): Promise<FeaturedTagJson[]> {
    const account = await this.accounts.requireAccount(accountId);
    const rows = await this.db.selectFrom('featured_tags').select(['id', 'tag_id', 'name']).where('account_id', '=', accountId).orderBy('id').execute();
    const stats = await this.stats(accountId, rows.map((r) => Number(r.tag_id)));
    return rows.map((r) => this.present(account.username, { id: Number(r.id), name: r.name }, stats.get(Number(r.tag_id))));
  }

  /** Features a tag (made if new), with Mastodon's validation messages. */
  async feature(accountId: number, rawName: string | undefined): Promise<FeaturedTagJson> {
    const account = await this.accounts.requireAccount(accountId);
    const name = (rawName ?? '').trim().replace(/^#/, '');
    if (name === '') throw unprocessable("Validation failed: Name can't be blank");
    if (!HASHTAG_NAME.test(name) || !NOT_ONLY_DIGITS.test(name)) throw unprocessable('Validation failed: Name is invalid');
    const now = this.clock();
    const created = await this.write(async (tx) => {
      // One writer per account at a time (as pins), so the limit holds under concurrent calls.
      await tx.updateTable('accounts').set({ id: sql`id` }).where('id', '=', accountId).execute();
      const key = hashtagKey(name);
      const tagId = (await upsertTags(tx, [{ name, key, id: newId(now) }], now)).get(key)!;
      const errors: string[] = [];
      const existing = await tx.selectFrom('featured_tags').select('id').where('account_id', '=', accountId).where('tag_id', '=', tagId).executeTakeFirst();
      if (existing) errors.push('Name has already been taken');
      const count = await tx.selectFrom('featured_tags').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_FEATURED_TAGS) errors.push('You have already featured the maximum number of hashtags');
      if (errors.length) throw unprocessable(`Validation failed: ${errors.join(', ')}`);
      const id = newId(now);
      await tx.insertInto('featured_tags').values({ id, account_id: accountId, tag_id: tagId, name, created_at: now }).execute();
      return { id, tagId };
    });
    const stats = await this.stats(accountId, [created.tagId]);
    return this.present(account.username, { id: created.id, name }, stats.get(created.tagId));
  }

  /** Unfeatures one of the viewer's featured tags; anyone else's, or none, is a 404. */
  async unfeature(accountId: number, featuredTagId: number): Promise<void> {
    await this.write(async (tx) => {
      const result = await tx.deleteFrom('featured_tags').where('id', '=', featuredTagId).where('account_id', '=', accountId).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound();
    });
  }

  /** Up to ten tags the account used lately and does not feature yet (Mastodon's Tag.suggestions_for_account). */
  async suggestions(accountId: number): Promise<{ name: string; url: string; history: never[] }[]> {
    const rows = await this.db
      .selectFrom('status_tags')
      .innerJoin('tags', 'tags.id', 'status_tags.tag_id')
      .select(['tags.name', (eb) => eb.fn.max('status_tags.status_id').as('latest')])
      .where('status_tags.account_id', '=', accountId)
      .where('status_tags.tag_id', 'not in', (eb) => eb.selectFrom('featured_tags').select('featured_tags.tag_id').where('featured_tags.account_id', '=', accountId))
      .groupBy(['tags.id', 'tags.name'])
      .orderBy('latest', 'desc')
      .limit(SUGGESTIONS)
      .execute();
    return rows.map((r) => ({ name: r.name, url: `${this.publicUrl}/tags/${encodeURIComponent(r.name)}`, history: [] }));
  }

  /** Per tag: how many public and unlisted posts of the account have it, and when the last was. */
  private async stats(accountId: number, tagIds: number[]): Promise<Map<number, { count: number; last: number | null }>> {
    if (tagIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('status_tags')
      .innerJoin('statuses', 'statuses.id', 'status_tags.status_id')
      .select(['status_tags.tag_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('statuses.created_at').as('last')])
      .where('status_tags.account_id', '=', accountId)
      .where('status_tags.tag_id', 'in', tagIds)
      .where('statuses.visibility', 'in', ['public', 'unlisted'])
      .groupBy('status_tags.tag_id')
      .execute();
    return new Map(rows.map((r) => [Number(r.tag_id), { count: Number(r.n), last: r.last === null ? null : Number(r.last) }]));
  }

  private present(username: string, tag: { id: number; name: string }, stats: { count: number; last: number | null } | undefined): FeaturedTagJson {
    return {
      id: String(tag.id),
      name: tag.name,
      url: `${this.publicUrl}/@${username}/tagged/${encodeURIComponent(tag.name)}`,
      statuses_count: String(stats?.count ?? 0),
      last_status_at: stats?.last ? new Date(stats.last).toISOString().slice(0, 10) : null,
    };
  }
}
