// Taking a batch of suspended accounts' posts out of their followers' cached home feeds
// (timelines/feed-cache.ts), with work and memory bounded per step whatever the accounts hold.
//
// This only keeps pages full: a suspended author's posts are already left out when any page is
// presented (visibility/rules.ts authorSuspended, asked by the presenter for every status it
// renders), in every process, from the moment the suspension commits. Feeds are not dropped,
// since dropping them made every reader rebuild from SQL at once in the middle of the crisis.
//
// Bounds: a feed holds at most HOME_CAP entries, so only an author's newest HOME_CAP posts can
// be in one; those are read from the (account_id, id) index a few authors at a time, at most
// POSTS_PER_STEP ids per step, never every post they ever wrote. Authors merged at read time
// (FANOUT_FOLLOWER_LIMIT followers or more) were never fanned out and are skipped. Each author's
// post list is shared by all of its followers' removals, not copied per follower.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { FeedCache } from '../timelines/feed-cache.js';
import { FANOUT_FOLLOWER_LIMIT, HOME_CAP } from '../timelines/cached-store.js';

/** Post ids read (and removed) per step; between steps `pause` lets requests run. */
const POSTS_PER_STEP = 4000;

export async function removeSuspendedFromFeeds(db: Kysely<Database>, feeds: FeedCache, accountIds: number[], pause: () => Promise<void>): Promise<void> {
  if (accountIds.length === 0) return;
  const fannedOut = await db
    .selectFrom('accounts')
    .select(['id', 'statuses_count'])
    .where('id', 'in', accountIds)
    .where('followers_count', '>', 0)
    .where('followers_count', '<', FANOUT_FOLLOWER_LIMIT)
    .execute();
  let step: number[] = [];
  let stepPosts = 0;
  for (const author of fannedOut) {
    step.push(Number(author.id));
    stepPosts += Math.max(1, Math.min(Number(author.statuses_count), HOME_CAP));
    if (stepPosts >= POSTS_PER_STEP) {
      await removeStep(db, feeds, step);
      await pause();
      step = [];
      stepPosts = 0;
    }
  }
  if (step.length) await removeStep(db, feeds, step);
}

/** One step: these authors' newest HOME_CAP posts out of their followers' feeds. */
async function removeStep(db: Kysely<Database>, feeds: FeedCache, authors: number[]): Promise<void> {
  const ranked = db
    .selectFrom('statuses')
    .select(['id', 'account_id', sql<number>`row_number() over (partition by account_id order by id desc)`.as('newest')])
    .where('account_id', 'in', authors)
    .as('ranked');
  const [posts, follows] = await Promise.all([
    db.selectFrom(ranked).select(['ranked.id', 'ranked.account_id']).where('ranked.newest', '<=', HOME_CAP).execute(),
    db.selectFrom('follows').select(['account_id', 'target_account_id']).where('target_account_id', 'in', authors).execute(),
  ]);
  const postsOf = new Map<number, number[]>();
  for (const post of posts) {
    const author = Number(post.account_id);
    const list = postsOf.get(author);
    if (list) list.push(Number(post.id));
    else postsOf.set(author, [Number(post.id)]);
  }
  const byFeed = new Map<number, number[]>();
  for (const follow of follows) {
    const list = postsOf.get(Number(follow.target_account_id));
    if (!list) continue;
    const feed = Number(follow.account_id);
    const already = byFeed.get(feed);
    // The author's list itself, unless this follower follows several authors of the step.
    byFeed.set(feed, already ? [...already, ...list] : list);
  }
  await feeds.removeEach(byFeed);
}
