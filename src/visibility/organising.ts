// The rules of lists and followed hashtags (issue 12), beside rules.ts and built on it: what a
// list's timeline holds, what exclusive lists take out of home, and which followed-tag posts
// join it. As pure functions over facts the callers load (SQL twins: organising-sql.ts).
import { inHome, keptOut, maySee, onPublicTimelinesFor, type StatusFacts, type Viewer } from './rules.js';

export const REPLIES_POLICIES = ['followed', 'list', 'none'] as const;
export type RepliesPolicy = (typeof REPLIES_POLICIES)[number];

/** One list, as its rules need it. */
export interface ListFacts {
  ownerId: number;
  repliesPolicy: RepliesPolicy;
  members: ReadonlySet<number>;
}

/** What the home rule needs beyond rules.ts: the viewer's exclusive lists and followed tags. */
export interface HomeExtras {
  /** Accounts in one of the viewer's exclusive lists. */
  exclusiveMembers: ReadonlySet<number>;
  /** Whether the status carries a hashtag the viewer follows. */
  followsTagOf(status: StatusFacts): boolean;
}

export const NO_HOME_EXTRAS: HomeExtras = { exclusiveMembers: new Set(), followsTagOf: () => false };

/**
 * Does the status belong in the viewer's list timeline (Mastodon's FeedManager push_to_list):
 * posts and reblogs by its members, never direct ones, that the home rule would show the owner
 * (blocks, mutes, visibility; a reply only in a followed thread), and of replies to others than
 * their author and the owner only those the list's replies_policy lets through: none, those to
 * members (`list`), those to anyone followed (`followed`).
 */
export function inList(viewer: Viewer, list: ListFacts, status: StatusFacts): boolean {
  if (viewer.id !== list.ownerId || !list.members.has(status.accountId) || status.visibility === 'direct') return false;
  if (!maySee(viewer, status) || keptOut(viewer, status)) return false;
  const replyTo = status.inReplyToAccountId;
  if (replyTo === null || replyTo === status.accountId || replyTo === viewer.id) return true;
  if (list.repliesPolicy === 'none') return false;
  if (list.repliesPolicy === 'list' && !list.members.has(replyTo)) return false;
  return viewer.relations.follows(replyTo);
}

/**
 * Does an exclusive list keep the status out of the viewer's home? Posts and reblogs by a member
 * of one of the viewer's exclusive lists (never the viewer's own), as Mastodon's filter_from_home.
 */
export function leftForExclusiveList(viewer: Viewer, status: StatusFacts, extras: HomeExtras): boolean {
  return status.accountId !== viewer.id && extras.exclusiveMembers.has(status.accountId);
}

/**
 * Does a followed hashtag bring the status into the viewer's home (Mastodon's
 * deliver_to_hashtag_followers and filter_from_tags)? A post on the public timelines (public, not
 * a reblog, by an author neither silenced nor suspended) with a tag the viewer follows, by
 * someone else, not kept out by the viewer's blocks and mutes. Exclusive lists do not apply.
 */
export function reachesHomeByTag(viewer: Viewer, status: StatusFacts, extras: HomeExtras): boolean {
  return status.accountId !== viewer.id && extras.followsTagOf(status) && onPublicTimelinesFor(viewer, status);
}

/**
 * The home timeline with lists and followed tags: rules.ts inHome less what exclusive lists take
 * out, plus what followed hashtags bring in. Fan-out, streams and the SQL read all ask this.
 */
export function inHomeFeed(viewer: Viewer, status: StatusFacts, extras: HomeExtras): boolean {
  if (inHome(viewer, status) && !leftForExclusiveList(viewer, status, extras)) return true;
  return reachesHomeByTag(viewer, status, extras);
}
