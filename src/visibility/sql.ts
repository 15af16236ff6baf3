// The rules of visibility/rules.ts as conditions on the `statuses` table, for reads that pick
// ids in SQL (timelines). Each fragment names the rule it mirrors; test/visibility runs the same
// cases through both. Written for the planner: the conditions that pick rows (author, follows)
// stay simple and indexable, and everything else is a filter on rows already picked; per-row
// subqueries are primary-key lookups that run only for the rare rows that need them (direct
// posts, reblogs).
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { followedActiveIdsQuery, followedIdsQuery } from '../accounts/follows.js';
import { blockedEitherWayQuery, blockingIdsQuery } from '../accounts/blocks.js';
import { mutedIdsQuery } from '../accounts/mutes.js';

type Db = Kysely<Database>;
type Statuses = ExpressionBuilder<Database, 'statuses'>;

/** A signed-in viewer, and the time their timed mutes are judged at. */
export interface SqlViewer {
  id: number;
  now: number;
}

/**
 * select id: the accounts kept out of the viewer's feeds (rules.ts keptOut): blocked either way
 * or muted at `now`. Small (what one person blocks and mutes), walked by the pair indexes.
 */
export function keptOutIdsQuery(db: Db, viewer: SqlViewer) {
  return blockedEitherWayQuery(db, viewer.id).unionAll(mutedIdsQuery(db, viewer.id, viewer.now));
}

/**
 * rules.ts shuns, for lists of people (who favourited or boosted, suggestions, the directory,
 * familiar followers): the account in `column` is not suspended and, for a signed-in viewer,
 * neither blocked either way nor muted (Mastodon's without_suspended and not_excluded_by_account).
 */
export function accountShownCondition(db: Db, column: string, viewer?: SqlViewer) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- used on several tables
  return (eb: ExpressionBuilder<any, any>) => {
    const account = sql.ref(column);
    const suspended = db.selectFrom('accounts as shown_account').select('shown_account.id').where(sql<boolean>`shown_account.id = ${account}`).where('shown_account.suspended_at', 'is not', null);
    const conditions = [eb.not(eb.exists(suspended))];
    if (viewer) conditions.push(eb(account, 'not in', keptOutIdsQuery(db, viewer)));
    return eb.and(conditions);
  };
}

/** rules.ts keptOut for a status that is not a reblog (reblogs: originalVisible). */
function notKeptOut(db: Db, eb: Statuses, viewer: SqlViewer) {
  const own = eb('statuses.account_id', '=', viewer.id);
  return eb.and([
    eb.or([own, eb('statuses.account_id', 'not in', keptOutIdsQuery(db, viewer))]),
    eb.or([own, eb('statuses.in_reply_to_account_id', 'is', null), eb('statuses.in_reply_to_account_id', 'not in', keptOutIdsQuery(db, viewer))]),
  ]);
}

/**
 * rules.ts inHome, for the viewer. `authors` narrows it to some authors the caller found
 * followed and not suspended (accounts/follows.ts followedActiveAmong): the very followed ones,
 * merged in on every home read, so the check is not made again per read here.
 */
export function homeCondition(db: Db, viewer: SqlViewer, authors?: number[]) {
  const viewerId = viewer.id;
  return (eb: Statuses) => {
    const own = eb('statuses.account_id', '=', viewerId);
    return eb.and([
      // Suspended accounts drop out with the join in followedActiveIdsQuery (and a suspended
      // viewer cannot sign in to read).
      authors ? eb('statuses.account_id', 'in', authors) : eb('statuses.account_id', 'in', followedActiveIdsQuery(db, viewerId).unionAll(db.selectNoFrom(sql<number>`${viewerId}`.as('target_account_id')))),
      // Direct posts: one's own, or where one is mentioned. Written as an exclusion on purpose:
      // an `in` list lets SQLite pick the (visibility, id) index and scan every public post
      // (59 ms vs 1 ms on 100k posts).
      eb.or([eb('statuses.visibility', '<>', 'direct'), own, mentions(eb, viewerId)]),
      // A reply shows only when its thread is one the viewer follows, as on Mastodon; one's own
      // replies always.
      eb.or([
        eb('statuses.in_reply_to_account_id', 'is', null),
        eb('statuses.in_reply_to_account_id', '=', eb.ref('statuses.account_id')),
        eb('statuses.in_reply_to_account_id', '=', viewerId),
        own,
        eb('statuses.in_reply_to_account_id', 'in', followedIdsQuery(db, viewerId)),
      ]),
      // Nothing by, replying to or reblogging an account blocked either way or muted. A reblog's
      // own author is followed, and is checked like any author.
      notKeptOut(db, eb, viewer),
      originalVisible(db, eb, viewerId, viewer),
      eb.or([own, notMentioningShunned(db, eb, viewer)]),
    ]);
  };
}

/**
 * rules.ts mentionsShunned, negated: the status (and, for a reblog, the status it reblogs)
 * mentions no account the viewer blocks or mutes. Lookups on the (status_id, account_id) key per
 * row walked (bounded by the page, where a `not in` list of every post mentioning a blocked
 * account would grow with that account's fame); the blocked and muted accounts are one small
 * subquery.
 */
function notMentioningShunned(db: Db, eb: Statuses, viewer: SqlViewer) {
  const shunned = () => blockingIdsQuery(db, viewer.id).unionAll(mutedIdsQuery(db, viewer.id, viewer.now));
  const mentionsShunned = (statusId: 'statuses.id' | 'statuses.reblog_of_id') =>
    eb.exists(eb.selectFrom('status_mentions as shunned_mention').select('shunned_mention.status_id').whereRef('shunned_mention.status_id', '=', statusId).where('shunned_mention.account_id', 'in', shunned()));
  // Most viewers block and mute no one: one uncorrelated test, evaluated once, spares them the lookups.
  return eb.or([eb.not(eb.exists(shunned())), eb.and([eb.not(mentionsShunned('statuses.id')), eb.or([eb('statuses.reblog_of_id', 'is', null), eb.not(mentionsShunned('statuses.reblog_of_id'))])])]);
}

/**
 * rules.ts onProfile for the statuses of one author (their account timeline), given whether the
 * viewer follows them and whether the author blocks the viewer (then nothing shows). The shown
 * visibilities are written as an exclusion, so the planner walks the (account_id, id) index
 * instead of the (visibility, id) one.
 */
export function authorStatusesCondition(db: Db, authorId: number, viewer: SqlViewer | undefined, ties: { follows: boolean; blockedBy: boolean }) {
  const viewerId = viewer?.id;
  const viewerFollowsAuthor = ties.follows;
  if (ties.blockedBy && viewerId !== authorId) return () => sql<boolean>`1 = 0`;
  const shown = ['public', 'unlisted'];
  if (viewerId === authorId) shown.push('private', 'direct');
  else if (viewerFollowsAuthor) shown.push('private');
  const hidden = ['public', 'unlisted', 'private', 'direct'].filter((v) => !shown.includes(v));
  return (eb: Statuses) => {
    const own = hidden.length === 0 ? [] : [eb('statuses.visibility', 'not in', hidden)];
    const mentioned = viewerId === undefined || hidden.length === 0 ? [] : [mentions(eb, viewerId)];
    const visible = own.length === 0 ? [] : [eb.or([...own, ...mentioned])];
    // rules.ts maySee: a silenced author's posts only to themselves and their followers.
    const limited = viewerId === authorId || viewerFollowsAuthor ? [] : [eb.not(authorSilenced(eb, authorId))];
    return eb.and([...visible, ...limited, originalVisible(db, eb, viewerId, viewer)]);
  };
}

/**
 * rules.ts onPublicTimelinesFor: for a signed-in viewer, nothing by or replying to an account
 * kept out of their feeds. Suspended and silenced authors are left out here, not only when the
 * page is presented: after a mass suspension most of the newest public posts may be theirs, and a
 * page of them all hidden would be empty (clients take an empty page for the end). Primary-key
 * lookups per row walked, on rows the (visibility, id) index already picked.
 */
export function publicTimelineCondition(db: Db, viewer?: SqlViewer) {
  return (eb: Statuses) => {
    const conditions = [eb('statuses.visibility', '=', 'public'), eb('statuses.reblog_of_id', 'is', null), eb.not(authorSilenced(eb, 'statuses.account_id')), authorNotSuspended(eb)];
    if (viewer) conditions.push(notKeptOut(db, eb, viewer));
    return eb.and(conditions);
  };
}

type Notifications = ExpressionBuilder<Database, 'notifications'>;

/** rules.ts mayNotifyFrom, for the viewer's notifications: none from an account blocked either way or notification-muted. */
export function notificationShownCondition(db: Db, viewer: SqlViewer) {
  return (eb: Notifications) =>
    eb('notifications.from_account_id', 'not in', blockedEitherWayQuery(db, viewer.id).unionAll(mutedIdsQuery(db, viewer.id, viewer.now, true)));
}

/** The account (the row's author, or one given) is silenced: rules.ts authorSilenced. */
function authorSilenced(eb: Statuses, account: 'statuses.account_id' | number) {
  const query = eb.selectFrom('accounts as silenced').select('silenced.id').where('silenced.silenced_at', 'is not', null);
  return eb.exists(typeof account === 'number' ? query.where('silenced.id', '=', account) : query.whereRef('silenced.id', '=', account));
}

/** rules.ts authorSuspended, negated: the status's author is not suspended (a primary-key lookup). */
export function authorNotSuspended(eb: Statuses) {
  return eb.not(eb.exists(eb.selectFrom('accounts as author').select('author.id').whereRef('author.id', '=', 'statuses.account_id').where('author.suspended_at', 'is not', null)));
}

type Tags = ExpressionBuilder<Database, 'tags'>;

/**
 * rules.ts revealsTags, for a tag: some post everyone may read (by an author not suspended)
 * uses it, or the viewer used it themselves. An exists over the (tag_id, status_id) index that
 * stops at the first such post, so a busy tag costs one step. `fromStatusId` bounds the walk
 * for one tag (TagLookup below): a tag whose every post is hidden (a suspended wave's) would
 * otherwise be walked to its first post on each request.
 */
export function tagShownCondition(viewerId: number | undefined, fromStatusId?: number) {
  return (eb: Tags) =>
    eb.exists(
      eb
        .selectFrom('status_tags')
        .innerJoin('statuses', 'statuses.id', 'status_tags.status_id')
        .innerJoin('accounts', 'accounts.id', 'statuses.account_id')
        .select('status_tags.status_id')
        .whereRef('status_tags.tag_id', '=', 'tags.id')
        .$if(fromStatusId !== undefined, (q) => q.where('status_tags.status_id', '>=', fromStatusId!))
        .where((s) => {
          const seen = [s.and([s('statuses.visibility', 'in', ['public', 'unlisted']), s('accounts.suspended_at', 'is', null)])];
          if (viewerId !== undefined) seen.push(s('status_tags.account_id', '=', viewerId));
          return s.or(seen);
        }),
    );
}

/** How many of one tag's newest entries a tag lookup checks for a post that names it. */
export const TAG_SHOWN_SCAN = 10_000;

/**
 * The oldest status id among the tag's newest TAG_SHOWN_SCAN entries (undefined when it has
 * fewer): tagShownCondition's bound for a single tag. Past that many hidden posts in a row the tag
 * reads as unused, the side that names nothing private.
 */
export async function tagShownFloor(db: Db, tagId: number): Promise<number | undefined> {
  const row = await db.selectFrom('status_tags').select('status_id').where('tag_id', '=', tagId).orderBy('status_id', 'desc').limit(1).offset(TAG_SHOWN_SCAN - 1).executeTakeFirst();
  return row ? Number(row.status_id) : undefined;
}

/** The status mentions the viewer (a primary-key lookup). */
function mentions(eb: Statuses, viewerId: number) {
  return eb.exists(
    eb.selectFrom('status_mentions').select('status_mentions.status_id').whereRef('status_mentions.status_id', '=', 'statuses.id').where('status_mentions.account_id', '=', viewerId),
  );
}

/**
 * rules.ts maySee's reblog clause: a reblog only with a status the viewer may see, by an author
 * who is not suspended (nor silenced, unless the viewer is or follows them); with `relations`
 * (home, profiles), also not by an account kept out of the viewer's feeds (rules.ts keptOut,
 * which covers an author who blocks the viewer). A primary-key
 * lookup, only for reblogs.
 */
function originalVisible(db: Db, eb: Statuses, viewerId: number | undefined, relations?: SqlViewer) {
  const original = eb
    .selectFrom('statuses as original')
    .select('original.id')
    .whereRef('original.id', '=', 'statuses.reblog_of_id')
    .where((o) => {
      const seen = [o('original.visibility', 'in', ['public', 'unlisted'])];
      if (viewerId !== undefined) {
        seen.push(
          o('original.account_id', '=', viewerId),
          o.and([o('original.visibility', '=', 'private'), o('original.account_id', 'in', followedIdsQuery(db, viewerId))]),
          o.exists(o.selectFrom('status_mentions as m').select('m.status_id').whereRef('m.status_id', '=', 'original.id').where('m.account_id', '=', viewerId)),
        );
      }
      return o.or(seen);
    })
    .where((o) => o.not(o.exists(o.selectFrom('accounts').select('accounts.id').whereRef('accounts.id', '=', 'original.account_id').where('accounts.suspended_at', 'is not', null))))
    .$if(relations !== undefined, (q) => q.where('original.account_id', 'not in', keptOutIdsQuery(db, relations!)))
    .where((o) => {
      const silenced = o.exists(o.selectFrom('accounts').select('accounts.id').whereRef('accounts.id', '=', 'original.account_id').where('accounts.silenced_at', 'is not', null));
      if (viewerId === undefined) return o.not(silenced);
      return o.or([o.not(silenced), o('original.account_id', '=', viewerId), o('original.account_id', 'in', followedIdsQuery(db, viewerId))]);
    });
  return eb.or([eb('statuses.reblog_of_id', 'is', null), eb.exists(original)]);
}
