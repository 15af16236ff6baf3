// The relations matrix: block (the viewer blocks), blocked by (the author blocks the viewer),
// mute, and a follow request still waiting at a locked account, each against every place a
// post can reach the viewer: home, public, hashtag, account pages, notifications, search,
// thread context, and the live streams over WebSocket and SSE. One named cell per pair.
// A friend's posts (no ties) go through every path alongside, so an empty answer is never a
// broken path. Runs on SQLite and on PostgreSQL + Redis (the runner runs every file on both).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createPost, createUser, type TestUser } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';
import { openEventStream, type EventStream } from '../streaming/fixtures.js';

type Relation = 'block' | 'blocked by' | 'mute' | 'follow request';
const RELATIONS: Relation[] = ['block', 'blocked by', 'mute', 'follow request'];
type Surface = 'home' | 'public' | 'tag' | 'account' | 'notifications' | 'search' | 'context' | 'websocket' | 'sse';

const TAG = 'مصفوفة_العلاقات';
const ids = (body: { id: string }[]) => body.map((s) => s.id);

/** What each other account posted, and what the friend did with it. */
interface Posted {
  user: TestUser;
  /** A unique word in each of its posts, for search. */
  word: string;
  /** Posted before the relation held (already in the viewer's cached home feed). */
  early: string;
  /** Posted once the relation held. */
  late: string;
  /** Its reply in the friend's thread. */
  reply?: string;
  /** The friend's reblog of its early post. */
  friendsReblog?: string;
  /** The friend's post mentioning it (Mastodon's home drops it for a block or a mute by the viewer). */
  friendsMention?: string;
}

describe('relations matrix', () => {
  let server: TestServer;
  let viewer: TestUser;
  let friend: TestUser;
  let threadRoot: string;
  let viewerPost: string;
  let sentinel: string;
  const posted = {} as Record<Relation, Posted>;
  let ws: ReturnType<typeof openStream>;
  let sseUser: EventStream;
  let ssePublic: EventStream;

  before(async () => {
    server = await startTestServer();
    const api = new Api(server.url);
    const app = await createApp(api);
    const make = (name: string) => createUser(api, `rm_${name}`, app);
    [viewer, friend] = await Promise.all([make('viewer'), make('friend')]);
    const others: Record<Relation, TestUser> = {
      block: await make('blocked'),
      'blocked by': await make('blocker'),
      mute: await make('muted'),
      'follow request': await make('locked'),
    };
    await others['follow request'].api.patch('/api/v1/accounts/update_credentials', { locked: true });
    await viewer.api.post(`/api/v1/accounts/${friend.id}/follow`);
    threadRoot = (await createPost(friend, `خيط للنقاش #${TAG}`)).id;
    viewerPost = (await createPost(viewer, 'منشور المشاهد')).id;

    // Before: the viewer follows (or, at the locked account, asks to follow) each of them, and
    // each posts once; the viewer's home feed is built with those posts in it.
    for (const relation of RELATIONS) {
      const user = others[relation];
      const word = `kalima${relation.replace(/\W/g, '')}`;
      const follow = await viewer.api.post(`/api/v1/accounts/${user.id}/follow`);
      assert.equal(follow.status, 200);
      const visibility = relation === 'follow request' ? 'private' : 'public';
      const early = (await createPost(user, `${word} أول #${TAG}`, { visibility })).id;
      posted[relation] = { user, word, early, late: '' };
      if (visibility === 'public') posted[relation].friendsReblog = (await friend.api.post(`/api/v1/statuses/${early}/reblog`)).body.id;
    }
    const home = ids((await viewer.api.get('/api/v1/timelines/home?limit=40')).body);
    for (const relation of ['block', 'blocked by', 'mute'] as const) assert.ok(home.includes(posted[relation].early), `${relation}: early post in home before`);

    // The streams open before the relations change: the hub must hear of them.
    ws = openStream(server, `stream=user&access_token=${viewer.token}`);
    await ws.settled();
    ws.ws.send(JSON.stringify({ type: 'subscribe', stream: 'public' }));
    ws.ws.send(JSON.stringify({ type: 'subscribe', stream: 'hashtag', tag: TAG }));
    await ws.settled();
    sseUser = await openEventStream(server.url, '/api/v1/streaming/user', viewer.token);
    ssePublic = await openEventStream(server.url, '/api/v1/streaming/public', viewer.token);
    assert.equal(sseUser.status, 200);

    // The relations.
    assert.equal((await viewer.api.post(`/api/v1/accounts/${others.block.id}/block`)).body.blocking, true);
    assert.equal((await others['blocked by'].api.post(`/api/v1/accounts/${viewer.id}/block`)).body.blocking, true);
    assert.equal((await viewer.api.post(`/api/v1/accounts/${others.mute.id}/mute`)).body.muting_notifications, true);
    assert.equal((await viewer.api.get(`/api/v1/accounts/relationships?id[]=${others['follow request'].id}`)).body[0].requested, true);

    // After: each posts again (mentioning the viewer), replies in the friend's thread, and
    // favourites and reblogs the viewer's post where it may.
    for (const relation of RELATIONS) {
      const p = posted[relation];
      const visibility = relation === 'follow request' ? 'private' : 'public';
      const mention = relation === 'follow request' ? '' : `@${viewer.username} `;
      p.late = (await createPost(p.user, `${mention}${p.word} ثان #${TAG}`, { visibility })).id;
      const reply = await p.user.api.post('/api/v1/statuses', { status: `${p.word} رد`, in_reply_to_id: threadRoot, visibility });
      assert.equal(reply.status, 200);
      p.reply = reply.body.id;
      // The blocked account cannot even see the viewer's post (404); the others act on it. (The
      // locked account has no tie to the viewer's public posts: its request is the viewer's.)
      if (relation === 'follow request') continue;
      const expected = relation === 'block' ? 404 : 200;
      assert.equal((await p.user.api.post(`/api/v1/statuses/${viewerPost}/favourite`)).status, expected, `${relation} favourites`);
      assert.equal((await p.user.api.post(`/api/v1/statuses/${viewerPost}/reblog`)).status, expected, `${relation} reblogs`);
    }
    // The blocked account cannot follow the viewer either (Mastodon: 403).
    assert.equal((await others.block.api.post(`/api/v1/accounts/${viewer.id}/follow`)).status, 403);

    // The friend mentions the accounts the viewer blocks or mutes: Mastodon's home drops those posts.
    for (const relation of ['block', 'mute'] as const) posted[relation].friendsMention = (await createPost(friend, `@${posted[relation].user.username} ذكر`)).id;

    // Last, the friend's sentinel: once every stream has it, the posts before it were decided.
    sentinel = (await createPost(friend, `@${viewer.username} علامة #${TAG}`)).id;
    await ws.next((m) => m.event === 'update' && m.stream[0] === 'hashtag' && JSON.parse(m.payload).id === sentinel);
    await ws.next((m) => m.event === 'update' && m.stream[0] === 'public' && JSON.parse(m.payload).id === sentinel);
    await ws.next((m) => m.event === 'update' && m.stream[0] === 'user' && JSON.parse(m.payload).id === sentinel);
    await ws.next((m) => m.event === 'notification' && JSON.parse(m.payload).status?.id === sentinel);
    await sseUser.waitFor((t) => t.includes(`"id":"${sentinel}"`) && t.includes('event: notification'), 'the sentinel on the SSE user stream');
    await ssePublic.waitFor((t) => t.includes(`"id":"${sentinel}"`), 'the sentinel on the SSE public stream');
  });

  after(async () => {
    ws?.ws.close();
    sseUser?.close();
    ssePublic?.close();
    await server?.close();
  });

  /** Every status of the other account the viewer must not be shown anywhere in feeds. */
  const theirs = (relation: Relation) => {
    const p = posted[relation];
    return [p.early, p.late, p.reply, p.friendsReblog].filter((id): id is string => !!id);
  };
  const noneOf = (relation: Relation, seen: string[], where: string) => {
    const leaked = theirs(relation).filter((id) => seen.includes(id));
    assert.deepEqual(leaked, [], `${relation}: nothing of theirs in ${where}`);
  };
  /** The payload ids the stream carried. */
  const wsIds = (stream: string) => ws.messages.filter((m) => m.stream[0] === stream && m.event === 'update').map((m) => JSON.parse(m.payload).id as string);
  const sseIds = (text: string) => [...text.matchAll(/"id":"(\d+)"/g)].map((m) => m[1]);

  const cells: Record<Surface, (relation: Relation) => Promise<void>> = {
    async home(relation) {
      const home = ids((await viewer.api.get('/api/v1/timelines/home?limit=40')).body);
      assert.ok(home.includes(sentinel), 'the friend\'s post is there');
      noneOf(relation, home, 'home (the cached feed was purged)');
      if (posted[relation].friendsMention) assert.ok(!home.includes(posted[relation].friendsMention), `${relation}: the friend's post mentioning them`);
    },
    async public(relation) {
      const page = ids((await viewer.api.get('/api/v1/timelines/public?limit=40')).body);
      assert.ok(page.includes(sentinel));
      if (relation === 'follow request') assert.ok(!page.includes(posted[relation].late));
      else noneOf(relation, page, 'the public timeline');
      // Signed out, the public timeline shows everyone's public posts.
      if (relation !== 'follow request') assert.ok(ids((await new Api(server.url).get('/api/v1/timelines/public?limit=40')).body).includes(posted[relation].late));
    },
    async tag(relation) {
      const page = ids((await viewer.api.get(`/api/v1/timelines/tag/${encodeURIComponent(TAG)}?limit=40`)).body);
      assert.ok(page.includes(sentinel));
      noneOf(relation, page, 'the hashtag timeline');
    },
    async account(relation) {
      const p = posted[relation];
      const own = await viewer.api.get(`/api/v1/accounts/${p.user.id}/statuses?limit=40`);
      assert.equal(own.status, 200);
      const friends = ids((await viewer.api.get(`/api/v1/accounts/${friend.id}/statuses?limit=40`)).body);
      assert.ok(friends.includes(sentinel));
      if (p.friendsReblog) assert.ok(!friends.includes(p.friendsReblog), `${relation}: no reblog of theirs on the friend's page`);
      // The account itself is still shown (Mastodon), its posts as each relation says.
      assert.equal((await viewer.api.get(`/api/v1/accounts/${p.user.id}`)).status, 200);
      const shown = ids(own.body);
      if (relation === 'blocked by' || relation === 'follow request') assert.deepEqual(shown, [], 'nothing (followers-only) on their page');
      // Mastodon: a muted (or blocked) account's own page still lists its posts for the viewer.
      else assert.ok(shown.includes(p.late) && shown.includes(p.early));
    },
    async notifications(relation) {
      const notes = (await viewer.api.get('/api/v1/notifications?limit=80')).body as { account: { id: string }; type: string; status?: { id: string } }[];
      assert.ok(notes.some((n) => n.status?.id === sentinel), 'the friend\'s mention is there');
      const fromThem = notes.filter((n) => n.account.id === posted[relation].user.id).map((n) => n.type);
      assert.deepEqual(fromThem, [], `${relation}: no notification from them`);
      if (relation === 'follow request') {
        // The locked account hears of the request, and nothing of the viewer's private world.
        const theirNotes = (await posted[relation].user.api.get('/api/v1/notifications')).body;
        assert.deepEqual(theirNotes.map((n: { type: string }) => n.type), ['follow_request']);
      }
    },
    async search(relation) {
      const p = posted[relation];
      const found = (await viewer.api.get(`/api/v2/search?type=statuses&q=${p.word}`)).body.statuses;
      assert.deepEqual(ids(found), [], `${relation}: their posts are not found`);
      const friendFound = (await viewer.api.get(`/api/v2/search?type=statuses&q=${encodeURIComponent('خيط للنقاش')}`)).body.statuses;
      assert.deepEqual(ids(friendFound), [threadRoot]);
      if (relation === 'block' || relation === 'blocked by') {
        const accounts = (await viewer.api.get(`/api/v2/search?type=accounts&q=${p.user.username}`)).body.accounts;
        assert.deepEqual(accounts, [], `${relation}: the account is not found`);
        const reverse = (await p.user.api.get(`/api/v2/search?type=accounts&q=${viewer.username}`)).body.accounts;
        assert.deepEqual(reverse, [], `${relation}: nor does it find the viewer`);
      }
    },
    async context(relation) {
      const context = await viewer.api.get(`/api/v1/statuses/${threadRoot}/context`);
      assert.equal(context.status, 200);
      const descendants = ids(context.body.descendants);
      assert.ok(!descendants.includes(posted[relation].reply!), `${relation}: their reply is not in the thread`);
      // The friend sees every public reply.
      const friends = ids((await friend.api.get(`/api/v1/statuses/${threadRoot}/context`)).body.descendants);
      if (relation !== 'follow request') assert.ok(friends.includes(posted[relation].reply!));
      if (relation === 'blocked by') {
        assert.equal((await viewer.api.get(`/api/v1/statuses/${posted[relation].late}`)).status, 404, 'the blocker\'s post is not found');
        assert.equal((await viewer.api.get(`/api/v1/statuses/${posted[relation].late}/context`)).status, 404);
      }
    },
    async websocket(relation) {
      for (const stream of ['user', 'public', 'hashtag']) noneOf(relation, wsIds(stream), `the ${stream} WebSocket stream`);
      if (posted[relation].friendsMention) assert.ok(!wsIds('user').includes(posted[relation].friendsMention), `${relation}: the friend's mention on the user stream`);
      const notes = ws.messages.filter((m) => m.event === 'notification').map((m) => JSON.parse(m.payload).account.id);
      assert.ok(!notes.includes(posted[relation].user.id), `${relation}: no streamed notification`);
    },
    async sse(relation) {
      noneOf(relation, sseIds(sseUser.text()), 'the SSE user stream');
      if (posted[relation].friendsMention) assert.ok(!sseIds(sseUser.text()).includes(posted[relation].friendsMention), `${relation}: the friend's mention on the SSE user stream`);
      noneOf(relation, sseIds(ssePublic.text()), 'the SSE public stream');
      assert.ok(!sseUser.text().includes(`"id":"${posted[relation].user.id}","username"`), `${relation}: no account of theirs on the SSE user stream`);
    },
  };

  for (const relation of RELATIONS) {
    for (const [surface, check] of Object.entries(cells) as [Surface, (r: Relation) => Promise<void>][]) {
      it(`${relation} × ${surface}`, () => check(relation));
    }
  }

  it('unblock and unmute: the accounts come back for what follows', async () => {
    await viewer.api.post(`/api/v1/accounts/${posted.block.user.id}/unblock`);
    await viewer.api.post(`/api/v1/accounts/${posted.mute.user.id}/unmute`);
    const page = ids((await viewer.api.get('/api/v1/timelines/public?limit=40')).body);
    assert.ok(page.includes(posted.block.late) && page.includes(posted.mute.late));
    // The muted account was still followed: its posts are back in home (the feed is rebuilt).
    const home = ids((await viewer.api.get('/api/v1/timelines/home?limit=40')).body);
    assert.ok(home.includes(posted.mute.late));
    // The block had ended the follow: that stays ended.
    assert.ok(!home.includes(posted.block.late));
  });
});
