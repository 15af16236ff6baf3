// The rules of lists and followed hashtags (organising.ts) as pure functions; the SQL twins and
// the stream say the same in test/lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inHomeFeed, inList, NO_HOME_EXTRAS, type HomeExtras, type ListFacts } from './organising.js';
import { NO_RELATIONS, type StatusFacts, type Viewer } from './rules.js';

const ME = 1;
const MEMBER = 2;
const OTHER_MEMBER = 3;
const FOLLOWED = 4;
const STRANGER = 5;

function status(over: Partial<StatusFacts> = {}): StatusFacts {
  return { id: 100, accountId: MEMBER, visibility: 'public', inReplyToAccountId: null, reblogOfId: null, authorSuspended: false, mentions: () => false, ...over };
}

const follows = new Set([MEMBER, OTHER_MEMBER, FOLLOWED]);
const me: Viewer = { id: ME, relations: { ...NO_RELATIONS, follows: (id) => follows.has(id) } };
const list = (repliesPolicy: ListFacts['repliesPolicy']): ListFacts => ({ ownerId: ME, repliesPolicy, members: new Set([MEMBER, OTHER_MEMBER]) });

test('a list holds its members\' posts, never direct ones, and only for its owner', () => {
  assert.equal(inList(me, list('list'), status()), true);
  assert.equal(inList(me, list('list'), status({ visibility: 'private' })), true);
  assert.equal(inList(me, list('list'), status({ visibility: 'direct', mentions: (id) => id === ME })), false);
  assert.equal(inList(me, list('list'), status({ accountId: FOLLOWED })), false);
  assert.equal(inList({ ...me, id: STRANGER }, list('list'), status()), false);
  const muting: Viewer = { id: ME, relations: { ...me.relations, mutes: (id) => id === MEMBER } };
  assert.equal(inList(muting, list('list'), status()), false);
});

test('replies by replies_policy: list (members), followed (anyone followed), none; to the owner and self-replies always', () => {
  const to = (id: number) => status({ inReplyToAccountId: id, accountId: MEMBER });
  const table: [number, Record<ListFacts['repliesPolicy'], boolean>][] = [
    [OTHER_MEMBER, { list: true, followed: true, none: false }],
    [FOLLOWED, { list: false, followed: true, none: false }],
    [STRANGER, { list: false, followed: false, none: false }],
    [ME, { list: true, followed: true, none: true }],
    [MEMBER, { list: true, followed: true, none: true }],
  ];
  for (const [target, expected] of table) {
    for (const policy of ['list', 'followed', 'none'] as const) assert.equal(inList(me, list(policy), to(target)), expected[policy], `reply to ${target} under ${policy}`);
  }
});

test('home: exclusive lists take their members out (not one\'s own posts); followed tags bring public posts in', () => {
  const exclusive: HomeExtras = { exclusiveMembers: new Set([MEMBER, ME]), followsTagOf: () => false };
  assert.equal(inHomeFeed(me, status(), NO_HOME_EXTRAS), true);
  assert.equal(inHomeFeed(me, status(), exclusive), false);
  assert.equal(inHomeFeed(me, status({ accountId: ME }), exclusive), true);
  const tags: HomeExtras = { exclusiveMembers: new Set(), followsTagOf: () => true };
  assert.equal(inHomeFeed(me, status({ accountId: STRANGER }), tags), true);
  assert.equal(inHomeFeed(me, status({ accountId: STRANGER, visibility: 'unlisted' }), tags), false);
  assert.equal(inHomeFeed(me, status({ accountId: STRANGER, authorSilenced: true }), tags), false);
  assert.equal(inHomeFeed(me, status({ accountId: STRANGER, reblogOfId: 7, original: status({ id: 7 }) }), tags), false);
  const blocking: Viewer = { id: ME, relations: { ...me.relations, blocks: (id) => id === STRANGER } };
  assert.equal(inHomeFeed(blocking, status({ accountId: STRANGER }), tags), false);
  // A followed tag brings an exclusive member's public post back (Mastodon's filter_from_tags).
  assert.equal(inHomeFeed(me, status(), { ...exclusive, followsTagOf: () => true }), true);
});
