import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mentionMayNotify, shuns, inFeeds, inHome, keptOut, mayFind, mayNotifyFrom, mayReblog, maySee, NO_RELATIONS, onProfile, onPublicTimelines, reblogVisibility, revealsTags, silencedMayNotify, type Relations, type StatusFacts, type Viewer } from './rules.js';

const ME = 1;
const FRIEND = 2;
const STRANGER = 3;

function status(over: Partial<StatusFacts> & { mentioned?: number[] } = {}): StatusFacts {
  const mentioned = new Set(over.mentioned ?? []);
  return {
    id: 100, accountId: FRIEND, visibility: 'public', inReplyToAccountId: null, reblogOfId: null,
    authorSuspended: false, mentions: (id) => mentioned.has(id), ...over,
  };
}

const me: Viewer = { id: ME, relations: { ...NO_RELATIONS, follows: (id) => id === FRIEND } };

test('may see: public and unlisted for everyone, private for followers and the mentioned, direct for the mentioned', () => {
  assert.equal(maySee(undefined, status()), true);
  assert.equal(maySee(undefined, status({ visibility: 'unlisted' })), true);
  assert.equal(maySee(undefined, status({ visibility: 'private' })), false);
  assert.equal(maySee(me, status({ visibility: 'private' })), true);
  assert.equal(maySee(me, status({ visibility: 'private', accountId: STRANGER })), false);
  assert.equal(maySee(me, status({ visibility: 'private', accountId: STRANGER, mentioned: [ME] })), true);
  assert.equal(maySee(me, status({ visibility: 'direct' })), false, 'following is not enough for a direct post');
  assert.equal(maySee(me, status({ visibility: 'direct', mentioned: [ME] })), true);
  assert.equal(maySee(me, status({ visibility: 'direct', accountId: ME })), true);
});

test('a suspended author’s posts show to nobody, their own followers included', () => {
  assert.equal(maySee(me, status({ authorSuspended: true })), false);
  assert.equal(inHome(me, status({ authorSuspended: true })), false);
  assert.equal(onPublicTimelines(status({ authorSuspended: true })), false);
});

test('a reblog shows only with an original the viewer may see', () => {
  const hidden = status({ id: 7, accountId: STRANGER, visibility: 'private' });
  const reblog = status({ reblogOfId: 7, original: hidden });
  assert.equal(maySee(me, reblog), false);
  assert.equal(inHome(me, reblog), false);
  assert.equal(maySee(me, status({ reblogOfId: 7, original: undefined })), false, 'original gone');
  assert.equal(inHome(me, status({ reblogOfId: 7, original: { ...hidden, visibility: 'public' } })), true);
});

test('home: own posts of every kind, followed posts, and replies only within followed threads', () => {
  assert.equal(inHome(me, status({ accountId: ME, visibility: 'direct', mentioned: [FRIEND] })), true);
  assert.equal(inHome(me, status({ accountId: ME, inReplyToAccountId: STRANGER })), true);
  assert.equal(inHome(me, status({ accountId: STRANGER })), false);
  assert.equal(inHome(me, status({ inReplyToAccountId: FRIEND })), true);
  assert.equal(inHome(me, status({ inReplyToAccountId: ME })), true);
  assert.equal(inHome(me, status({ inReplyToAccountId: STRANGER })), false);
  assert.equal(inHome(me, status({ accountId: STRANGER, visibility: 'direct', mentioned: [ME] })), false, 'a DM from someone not followed');
});

test('reblogs: never wider than the original; followers-only ones only by their author', () => {
  assert.equal(reblogVisibility('public', 'private'), 'private');
  assert.equal(reblogVisibility('public', 'unlisted'), 'unlisted');
  assert.equal(reblogVisibility('private', 'public'), 'private');
  assert.equal(mayReblog(ME, { accountId: ME, visibility: 'private' }), true);
  assert.equal(mayReblog(ME, { accountId: FRIEND, visibility: 'private' }), false);
  assert.equal(mayReblog(ME, { accountId: ME, visibility: 'direct' }), false);
});

test('search finds unlisted posts only for their author and followers; tags are named only by posts everyone may read', () => {
  assert.equal(mayFind(undefined, status()), true);
  assert.equal(mayFind(undefined, status({ visibility: 'unlisted' })), false, 'signed out');
  assert.equal(mayFind(me, status({ visibility: 'unlisted' })), true, 'a follower');
  assert.equal(mayFind(me, status({ visibility: 'unlisted', accountId: STRANGER })), false);
  assert.equal(mayFind(me, status({ visibility: 'unlisted', accountId: ME })), true);
  assert.equal(mayFind(me, status({ visibility: 'private', accountId: STRANGER })), false);
  assert.equal(revealsTags(status()), true);
  assert.equal(revealsTags(status({ visibility: 'unlisted' })), true);
  assert.equal(revealsTags(status({ visibility: 'private' })), false);
  assert.equal(revealsTags(status({ visibility: 'direct' })), false);
  assert.equal(revealsTags(status({ authorSuspended: true })), false);
});

const BLOCKED = 4;
const BLOCKER = 5;
const MUTED = 6;
const QUIET = 7;
/** me blocks BLOCKED, is blocked by BLOCKER, mutes MUTED (and its notifications) and QUIET (posts only); follows FRIEND and MUTED. */
const tied: Viewer = {
  id: ME,
  relations: {
    follows: (id) => id === FRIEND || id === MUTED,
    blocks: (id) => id === BLOCKED,
    blockedBy: (id) => id === BLOCKER,
    mutes: (id) => id === MUTED || id === QUIET,
    mutesNotifications: (id) => id === MUTED,
  } satisfies Relations,
};

test('blocks: an author who blocks the viewer shows them nothing, whatever its visibility', () => {
  assert.equal(maySee(tied, status({ accountId: BLOCKER })), false);
  assert.equal(maySee(tied, status({ accountId: BLOCKER, visibility: 'direct', mentioned: [ME] })), false);
  assert.equal(maySee(tied, status({ accountId: FRIEND, reblogOfId: 1, original: status({ id: 1, accountId: BLOCKER }) })), false, 'nor through a reblog');
  // The blocker may still open a post of the account they block by its address, as on Mastodon...
  assert.equal(maySee(tied, status({ accountId: BLOCKED })), true);
  // ...but it leaves their feeds, as do replies to it and reblogs of it.
  assert.equal(inFeeds(tied, status({ accountId: BLOCKED })), false);
  assert.equal(inFeeds(tied, status({ accountId: STRANGER, inReplyToAccountId: BLOCKED })), false);
  assert.equal(inFeeds(tied, status({ accountId: FRIEND, reblogOfId: 1, original: status({ id: 1, accountId: BLOCKED }) })), false);
  assert.equal(inFeeds(tied, status({ accountId: ME, inReplyToAccountId: BLOCKED })), true, 'one\'s own replies stay');
  assert.equal(mayFind(tied, status({ accountId: BLOCKED })), false);
});

test('mutes: out of home and feeds, still on the muted account\'s profile; notifications only when asked', () => {
  assert.equal(inHome(tied, status({ accountId: MUTED })), false, 'followed but muted');
  assert.equal(inHome(tied, status({ accountId: FRIEND })), true);
  assert.equal(inHome(tied, status({ accountId: FRIEND, reblogOfId: 1, original: status({ id: 1, accountId: QUIET }) })), false);
  assert.equal(keptOut(tied, status({ accountId: QUIET })), true);
  assert.equal(onProfile(tied, status({ accountId: MUTED })), true);
  assert.equal(onProfile(tied, status({ accountId: FRIEND, reblogOfId: 1, original: status({ id: 1, accountId: MUTED }) })), false, 'a reblog of a muted account on a friend\'s profile');
  assert.equal(mayNotifyFrom(tied, MUTED), false);
  assert.equal(mayNotifyFrom(tied, QUIET), true, 'notifications=false keeps them coming');
  assert.equal(mayNotifyFrom(tied, BLOCKED), false);
  assert.equal(mayNotifyFrom(tied, BLOCKER), false);
  assert.equal(mayNotifyFrom(tied, FRIEND), true);
});

test('a silenced author’s posts reach only the author and their followers, never the public timelines', () => {
  const silenced = (over: Partial<StatusFacts> = {}) => status({ authorSilenced: true, ...over });
  assert.equal(maySee(me, silenced()), true, 'a follower sees them');
  assert.equal(maySee(me, silenced({ accountId: STRANGER })), false);
  assert.equal(maySee(undefined, silenced()), false);
  assert.equal(maySee({ id: STRANGER, relations: NO_RELATIONS }, silenced({ accountId: STRANGER })), true, 'the author sees their own');
  assert.equal(inHome(me, silenced()), true);
  assert.equal(onPublicTimelines(silenced()), false);
  assert.equal(mayFind(me, silenced({ accountId: STRANGER })), false);
  const reblogOfSilenced = status({ reblogOfId: 7, original: silenced({ id: 7, accountId: STRANGER }) });
  assert.equal(maySee(me, reblogOfSilenced), false, 'not through a reblog either');
  assert.equal(silencedMayNotify(me, { id: FRIEND, silenced: true }), true);
  assert.equal(silencedMayNotify(me, { id: STRANGER, silenced: true }), false);
  assert.equal(silencedMayNotify(me, { id: STRANGER, silenced: false }), true);
});

test('home drops a post mentioning an account the viewer blocks or mutes, or a reblog of one (Mastodon’s filter_from_home)', () => {
  assert.equal(inHome(tied, status({ mentionedAccountIds: [BLOCKED] })), false);
  assert.equal(inHome(tied, status({ mentionedAccountIds: [MUTED] })), false);
  assert.equal(inHome(tied, status({ mentionedAccountIds: [BLOCKER] })), true, 'an account that blocks the viewer may be mentioned');
  assert.equal(inHome(tied, status({ mentionedAccountIds: [STRANGER, ME] })), true);
  assert.equal(inHome(tied, status({ reblogOfId: 1, original: status({ id: 1, accountId: STRANGER, mentionedAccountIds: [MUTED] }) })), false);
  assert.equal(inHome(tied, status({ accountId: ME, mentionedAccountIds: [BLOCKED] })), true, 'one\'s own posts stay');
  // Other feeds do not ask (as on Mastodon's public and tag timelines).
  assert.equal(inFeeds(tied, status({ mentionedAccountIds: [BLOCKED] })), true);
  assert.equal(shuns(tied, BLOCKED) && shuns(tied, BLOCKER) && shuns(tied, MUTED), true);
  assert.equal(shuns(tied, FRIEND) || shuns(tied, ME), false);
});

test('a mention notifies unless the post also mentions or answers an account the recipient blocks or notification-mutes', () => {
  assert.equal(mentionMayNotify(tied, [FRIEND, ME]), true);
  assert.equal(mentionMayNotify(tied, [BLOCKED]), false);
  assert.equal(mentionMayNotify(tied, [MUTED]), false);
  assert.equal(mentionMayNotify(tied, [QUIET]), true, 'muted without notifications');
  assert.equal(mentionMayNotify(tied, [BLOCKER]), true, 'an account that blocks the recipient');
});
