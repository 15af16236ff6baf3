// Followed hashtags (Mastodon's TagFollow): follow, unfollow, the followed ones page by page.
// Their public posts join the follower's home (visibility/organising.ts reachesHomeByTag): the
// writes say `tag_follow.changed`, so the cached home is rebuilt from SQL and streams reload.
import twitterText from 'twitter-text';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { notFound } from '../http/errors.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import type { Page } from '../http/pagination.js';
import { hashtagKey } from '../lib/arabic.js';
import { newId } from '../lib/ids.js';
import { upsertTags } from '../posts/store.js';
import type { TagJson } from '../search/service.js';
import type { TrendService } from '../trends/service.js';

type Db = Kysely<Database>;

/** The name as a hashtag would be written in a post (else Mastodon answers 404). */
function tagName(raw: string): string {
  const name = raw.replace(/^[#＃]/, '');
  const found = twitterText.extractHashtags(`#${name}`);
  if (found.length !== 1 || found[0] !== name || !hashtagKey(name)) throw notFound();
  return name;
}

/** The tag keys the account follows (home streams keep them). */
export async function followedTagKeysOf(db: Db, accountId: number): Promise<string[]> {
  const rows = await db.selectFrom('tag_follows').innerJoin('tags', 'tags.id', 'tag_follows.tag_id').select('tags.name_key').where('tag_follows.account_id', '=', accountId).execute();
  return rows.map((r) => r.name_key);
}

export class TagFollowService {
  constructor(
    private readonly db: Db,
    private readonly write: Write,
    private readonly trends: TrendService,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Follows the tag, making it if no post used it yet (as Mastodon's find_or_create). */
  async follow(accountId: number, raw: string): Promise<TagJson> {
    const name = tagName(raw);
    const key = hashtagKey(name);
    const now = this.clock();
    await this.write(async (tx) => {
      const tagId = (await upsertTags(tx, [{ name, key, id: newId(now) }], now)).get(key)!;
      const inserted = await tx
        .insertInto('tag_follows')
        .values({ id: newId(now), account_id: accountId, tag_id: tagId, created_at: now })
        .onConflict((oc) => oc.columns(['account_id', 'tag_id']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) tx.emit({ type: 'tag_follow.changed', accountId });
    });
    return (await this.trends.tag(key, accountId))!;
  }

  /** Unfollows it; a tag never followed (or unknown) is answered alike, not followed. */
  async unfollow(accountId: number, raw: string): Promise<TagJson> {
    const name = tagName(raw);
    const key = hashtagKey(name);
    await this.write(async (tx) => {
      const removed = await tx
        .deleteFrom('tag_follows')
        .where('account_id', '=', accountId)
        .where('tag_id', 'in', (eb) => eb.selectFrom('tags').select('tags.id').where('tags.name_key', '=', key))
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) > 0) tx.emit({ type: 'tag_follow.changed', accountId });
    });
    return (await this.trends.tag(key, accountId)) ?? (await this.trends.tagsJson([{ id: -1, name }], false))[0];
  }

  /** A page of the followed tags, latest followed first (cursor: the follow's id). */
  async followed(accountId: number, page: Page): Promise<{ tags: TagJson[]; cursors: number[] }> {
    const query = this.db.selectFrom('tag_follows').innerJoin('tags', 'tags.id', 'tag_follows.tag_id').select(['tag_follows.id as id', 'tags.id as tag_id', 'tags.name as name']).where('tag_follows.account_id', '=', accountId);
    const rows = newestFirst(await applyKeyset(query, 'tag_follows.id', page).execute(), page);
    const tags = await this.trends.tagsJson(rows.map((r) => ({ id: Number(r.tag_id), name: r.name })), true);
    return { tags, cursors: rows.map((r) => Number(r.id)) };
  }
}
