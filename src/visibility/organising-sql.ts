// The rules of visibility/organising.ts as conditions on the `statuses` table, for the reads that
// pick ids in SQL: the list timeline, exclusive lists in home, followed hashtags in home.
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { homeCondition, publicTimelineCondition, type SqlViewer } from './sql.js';
import type { RepliesPolicy } from './organising.js';

type Db = Kysely<Database>;
type Statuses = ExpressionBuilder<Database, 'statuses'>;

/** select account_id: the members of the viewer's exclusive lists (a few rows per list). */
export function exclusiveMembersQuery(db: Db, viewerId: number) {
  return db
    .selectFrom('list_accounts')
    .innerJoin('lists', 'lists.id', 'list_accounts.list_id')
    .select('list_accounts.account_id')
    .where('lists.account_id', '=', viewerId)
    .where('lists.exclusive', '=', 1);
}

/** organising.ts leftForExclusiveList, negated: not by a member of the viewer's exclusive lists. */
export function notLeftForExclusiveList(db: Db, viewerId: number) {
  return (eb: Statuses) => eb.or([eb('statuses.account_id', '=', viewerId), eb('statuses.account_id', 'not in', exclusiveMembersQuery(db, viewerId))]);
}

/**
 * organising.ts inList for one list, given its members that the owner follows (and the owner,
 * if a member): the home rule narrowed to them (visibility/sql.ts homeCondition), never a direct
 * post, and replies by the list's replies_policy. `members` must not be empty.
 */
export function listCondition(db: Db, viewer: SqlViewer, repliesPolicy: RepliesPolicy, members: number[]) {
  const home = homeCondition(db, viewer, members);
  return (eb: Statuses) => {
    const conditions = [home(eb), eb('statuses.visibility', '<>', 'direct')];
    if (repliesPolicy !== 'followed') {
      const replies = [
        eb('statuses.in_reply_to_account_id', 'is', null),
        eb('statuses.in_reply_to_account_id', '=', eb.ref('statuses.account_id')),
        eb('statuses.in_reply_to_account_id', '=', viewer.id),
      ];
      if (repliesPolicy === 'list') replies.push(eb('statuses.in_reply_to_account_id', 'in', members));
      conditions.push(eb.or(replies));
    }
    return eb.and(conditions);
  };
}

/** select tag_id: the hashtags the viewer follows. */
export function followedTagIdsQuery(db: Db, viewerId: number) {
  return db.selectFrom('tag_follows').select('tag_follows.tag_id').where('tag_follows.account_id', '=', viewerId);
}

/**
 * organising.ts reachesHomeByTag for a status already known to carry a followed tag (the caller
 * picks those from status_tags by followedTagIdsQuery): on the public timelines, by someone else,
 * not kept out by the viewer's ties (visibility/sql.ts publicTimelineCondition).
 */
export function taggedPostReachesHome(db: Db, viewer: SqlViewer) {
  const shown = publicTimelineCondition(db, viewer);
  return (eb: Statuses) => eb.and([eb('statuses.account_id', '<>', viewer.id), shown(eb)]);
}
