import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inHome, mayFind, mayNotifyFrom, mayReblog, maySee, onPublicTimelines, reblogVisibility, revealsTags, type StatusFacts, type Viewer } from './rules.js';

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

const me: Viewer = { id: ME, relations: { follows: (id) => id === FRIEND } };

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

test('a silenced author’s posts reach only the author and their followers, never the public timelines', () => {
  const silenced = (over: Partial<StatusFacts> = {}) => status({ authorSilenced: true, ...over });
  assert.equal(maySee(me, silenced()), true, 'a follower sees them');
  assert.equal(maySee(me, silenced({ accountId: STRANGER })), false);
  assert.equal(maySee(undefined, silenced()), false);
  assert.equal(maySee({ id: STRANGER, relations: { follows: () => false } }, silenced({ accountId: STRANGER })), true, 'the author sees their own');
  assert.equal(inHome(me, silenced()), true);
  assert.equal(onPublicTimelines(silenced()), false);
  assert.equal(mayFind(me, silenced({ accountId: STRANGER })), false);
  const reblogOfSilenced = status({ reblogOfId: 7, original: silenced({ id: 7, accountId: STRANGER }) });
  assert.equal(maySee(me, reblogOfSilenced), false, 'not through a reblog either');
  assert.equal(mayNotifyFrom(me, { id: FRIEND, silenced: true }), true);
  assert.equal(mayNotifyFrom(me, { id: STRANGER, silenced: true }), false);
  assert.equal(mayNotifyFrom(me, { id: STRANGER, silenced: false }), true);
});
