// Who may see what: the one statement of the rules, as pure functions over facts that callers
// load (visibility/facts.ts from the database, fan-out and streaming in batches). The SQL reads
// (visibility/sql.ts) say the same thing as query conditions; test/visibility proves the paths
// agree. Ties beyond follows come in as members of Relations (what the viewer has to do with
// other accounts: blocks either way and mutes so far; lists later) and new facts, not as new
// copies of these rules.

export const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** What the rules need to know about one status. */
export interface StatusFacts {
  id: number;
  accountId: number;
  visibility: string;
  inReplyToAccountId: number | null;
  reblogOfId: number | null;
  /** Whether the status mentions this account (only the viewer is ever asked about). */
  mentions(accountId: number): boolean;
  authorSuspended: boolean;
  /** The author is silenced (Mastodon's "limited"): their posts reach only their followers. */
  authorSilenced?: boolean;
  /** For a reblog: the status it reblogs (undefined when it is gone), checked for the viewer too. */
  original?: StatusFacts;
  /**
   * Everyone the status mentions, where the caller loaded them (home: fan-out and streams load
   * them for every status; reads that never ask mentionsShunned leave it out).
   */
  mentionedAccountIds?: readonly number[];
}

/** The viewer's ties to other accounts. */
export interface Relations {
  follows(accountId: number): boolean;
  /** The viewer blocks the account. */
  blocks(accountId: number): boolean;
  /** The account blocks the viewer. */
  blockedBy(accountId: number): boolean;
  /** The viewer mutes the account (a timed mute only until it ends). */
  mutes(accountId: number): boolean;
  /** The viewer mutes the account's notifications too. */
  mutesNotifications(accountId: number): boolean;
}

export interface Viewer {
  id: number;
  relations: Relations;
}

/** Relations that know nothing: a viewer who follows nobody (or whose ties do not matter). */
export const NO_RELATIONS: Relations = { follows: () => false, blocks: () => false, blockedBy: () => false, mutes: () => false, mutesNotifications: () => false };

/**
 * May the viewer (undefined: signed out) see the status? Public and unlisted: everyone;
 * private: the author, their followers and those mentioned; direct: the author and those
 * mentioned. Never a suspended author's, nor one whose author blocks the viewer (whatever its
 * visibility, as Mastodon's StatusPolicy); a silenced author's only to the author and their
 * followers; a reblog only with the status it reblogs.
 */
export function maySee(viewer: Viewer | undefined, status: StatusFacts): boolean {
  if (status.authorSuspended) return false;
  if (status.authorSilenced && !followsOrIs(viewer, status.accountId)) return false;
  if (status.reblogOfId !== null && (!status.original || !maySee(viewer, status.original))) return false;
  if (viewer !== undefined && status.accountId !== viewer.id && viewer.relations.blockedBy(status.accountId)) return false;
  if (status.visibility === 'public' || status.visibility === 'unlisted') return true;
  if (viewer === undefined) return false;
  if (status.accountId === viewer.id || status.mentions(viewer.id)) return true;
  return status.visibility === 'private' && viewer.relations.follows(status.accountId);
}

/** Is the viewer the account, or one of its followers? */
function followsOrIs(viewer: Viewer | undefined, accountId: number): boolean {
  return viewer !== undefined && (viewer.id === accountId || viewer.relations.follows(accountId));
}

/**
 * May the recipient be notified by a silenced account (a follow, a favourite, a mention)? Only
 * if it follows it, as Mastodon drops those notifications. Blocks and mutes: mayNotifyFrom.
 */
export function silencedMayNotify(recipient: Viewer, sender: { id: number; silenced: boolean }): boolean {
  return !sender.silenced || followsOrIs(recipient, sender.id);
}

/**
 * Does the status belong in the viewer's home timeline (Mastodon's rule)? The viewer's own
 * posts of every visibility; posts and reblogs by accounts they follow that they may see
 * (direct ones only where they are mentioned), and of those a reply only when it continues
 * its author's own thread, or answers the viewer or someone the viewer follows.
 */
export function inHome(viewer: Viewer, status: StatusFacts): boolean {
  if (!maySee(viewer, status) || keptOut(viewer, status)) return false;
  if (status.accountId === viewer.id) return true;
  if (mentionsShunned(viewer, status)) return false;
  if (!viewer.relations.follows(status.accountId)) return false;
  if (status.visibility === 'direct' && !status.mentions(viewer.id)) return false;
  const replyTo = status.inReplyToAccountId;
  return replyTo === null || replyTo === status.accountId || replyTo === viewer.id || viewer.relations.follows(replyTo);
}

/**
 * Home only (Mastodon's filter_from_home): someone else's post that mentions an account the
 * viewer blocks or mutes, or a reblog of a status that does. Only the viewer's own blocks and
 * mutes count here (an account that blocks the viewer may still be mentioned), and other feeds
 * (public, tag, search, threads) do not ask, as on Mastodon. visibility/sql.ts
 * homeCondition says the same in SQL.
 */
export function mentionsShunned(viewer: Viewer, status: StatusFacts): boolean {
  const r = viewer.relations;
  const shunned = (id: number) => id !== viewer.id && (r.blocks(id) || r.mutes(id));
  const mentionsOne = (f: StatusFacts | undefined) => f?.mentionedAccountIds?.some(shunned) ?? false;
  return mentionsOne(status) || mentionsOne(status.original);
}

/**
 * Is the account kept out of the viewer's sight by their ties: blocked either way, or muted?
 * Mastodon's excluded_from_timeline_account_ids: also the accounts left out of lists of people
 * (who favourited or boosted, suggestions, the directory, familiar followers).
 */
export function shuns(viewer: Viewer, accountId: number): boolean {
  const r = viewer.relations;
  return accountId !== viewer.id && (r.blocks(accountId) || r.blockedBy(accountId) || r.mutes(accountId));
}

/**
 * Does the viewer's tie to an account keep it out of the viewer's feeds (home, public, tag,
 * thread, search, streams)? Blocked either way, or muted (rules.ts shuns): such an account's
 * posts, their reblogs, and others' replies to it. One's own posts stay (but not one's reblog of
 * theirs). Mastodon's filter_from_home and excluded_from_timeline_account_ids; home also drops
 * posts mentioning such accounts (mentionsShunned).
 */
export function keptOut(viewer: Viewer, status: StatusFacts): boolean {
  const shunned = (id: number | null) => id !== null && shuns(viewer, id);
  if (status.original) return shunned(status.accountId) || shunned(status.original.accountId);
  if (status.accountId === viewer.id) return false;
  return shunned(status.accountId) || shunned(status.inReplyToAccountId);
}

/**
 * Does the status show in a thread's context, in search or on the public and hashtag timelines
 * for the viewer (undefined: signed out)? What they may see, unless kept out by their ties.
 */
export function inFeeds(viewer: Viewer | undefined, status: StatusFacts): boolean {
  return maySee(viewer, status) && (viewer === undefined || !keptOut(viewer, status));
}

/**
 * On an account's own page the viewer sees what they may see of it: a muted account's own
 * posts too (as on Mastodon), but not its reblogs of accounts kept out of the viewer's feeds.
 */
export function onProfile(viewer: Viewer | undefined, status: StatusFacts): boolean {
  if (!maySee(viewer, status)) return false;
  if (viewer === undefined || !status.original) return true;
  return !keptOut(viewer, status.original);
}

/** May the account be told about the status (a mention, a favourite, a reblog of it)? */
export function mayNotify(recipient: Viewer, status: StatusFacts): boolean {
  return maySee(recipient, status);
}

/**
 * May the account be notified of anything the other account does (Mastodon's NotifyService)?
 * Not when either blocks the other, nor while the recipient mutes the other's notifications.
 */
export function mayNotifyFrom(recipient: Viewer, fromAccountId: number): boolean {
  const r = recipient.relations;
  return !(r.blocks(fromAccountId) || r.blockedBy(fromAccountId) || r.mutesNotifications(fromAccountId));
}

/**
 * May the recipient be told they were mentioned in a status that also mentions, or replies to,
 * these accounts (Mastodon's filter_from_mentions)? Not when they block one of them or mute its
 * notifications. The sender's own ties are mayNotifyFrom's.
 */
export function mentionMayNotify(recipient: Viewer, involvedAccountIds: readonly number[]): boolean {
  const r = recipient.relations;
  return !involvedAccountIds.some((id) => id !== recipient.id && (r.blocks(id) || r.mutesNotifications(id)));
}

/** May the account reblog the status? Public and unlisted ones, and its author their followers-only ones. */
export function mayReblog(rebloggerId: number, original: Pick<StatusFacts, 'accountId' | 'visibility'>): boolean {
  return original.visibility === 'public' || original.visibility === 'unlisted' || (original.visibility === 'private' && original.accountId === rebloggerId);
}

/**
 * May a status's media file be served? Files are fetched by browsers without credentials (as
 * from Mastodon's media storage), so the link itself is the key; but nothing of a status that
 * shows to nobody (a suspended author's) is served.
 */
export function mayDeliverMedia(status: StatusFacts): boolean {
  return !status.authorSuspended;
}

/**
 * May full-text search find the status for the viewer? What they may see, except that unlisted
 * posts opted out of discovery: found only by their author and the author's followers, never
 * signed out. (Mentions in unlisted posts are not consulted: the loader asks follows only.)
 */
export function mayFind(viewer: Viewer | undefined, status: StatusFacts): boolean {
  if (!inFeeds(viewer, status)) return false;
  if (status.visibility !== 'unlisted') return true;
  return viewer !== undefined && (status.accountId === viewer.id || viewer.relations.follows(status.accountId));
}

/**
 * Does the status make its hashtags' names known to everyone (hashtag search, the tag page)?
 * Only posts everyone may read; a tag used only in followers-only or direct posts stays unnamed
 * to all but those posts' authors. visibility/sql.ts tagShownCondition says the same in SQL.
 */
export function revealsTags(status: Pick<StatusFacts, 'visibility' | 'authorSuspended'>): boolean {
  return (status.visibility === 'public' || status.visibility === 'unlisted') && !status.authorSuspended;
}

/**
 * Does the status belong on the public and hashtag timelines (and their live streams)? Not a
 * silenced author's, even for their followers (Mastodon's public feeds leave them out).
 */
export function onPublicTimelines(status: StatusFacts): boolean {
  return status.visibility === 'public' && status.reblogOfId === null && !status.authorSuspended && !status.authorSilenced;
}

/** ... for this viewer (undefined: signed out): not by or replying to an account kept out by their ties. */
export function onPublicTimelinesFor(viewer: Viewer | undefined, status: StatusFacts): boolean {
  return onPublicTimelines(status) && inFeeds(viewer, status);
}

const RESTRICTION: Record<string, number> = { public: 0, unlisted: 1, private: 2, direct: 3 };

/**
 * A reblog's visibility: the one asked for, but never wider than the original's, so that a
 * self-boost of a followers-only post stays followers-only.
 */
export function reblogVisibility(requested: Visibility, original: string): Visibility {
  return (RESTRICTION[original] ?? 3) > RESTRICTION[requested] ? (original as Visibility) : requested;
}
