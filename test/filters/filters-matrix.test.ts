// Keyword filters × every place a status is shown: home, public, tag, account timelines,
// notifications, thread context, and the WebSocket and SSE streams (user and public). `warn`
// shows the status with `filtered` (the viewer's FilterResult); `hide` leaves it out. The
// runner takes this file through both backends (embedded SQLite and PostgreSQL + Redis).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';
import { openStream, type StreamMessage } from '../helpers/stream.js';
import { openEventStream } from '../streaming/fixtures.js';
import { createFilter, sentenceWith } from './fixtures.js';

// The filtered word is written with diacritics in the keyword and without them in the posts.
const KEYWORD = 'دَاعِش';
const MATCHING = sentenceWith('تنظيم داعش يقف وراء الأمر');
const PLAIN = sentenceWith('يوم عصيب آخر واجهته شركة تويتر');
const TAG = 'تويتر_معطل';

describe('filters matrix', () => {
  const env = useTestServer();

  /** A viewer who follows an author, with one filter of the action in every context. */
  async function setUp(action: 'warn' | 'hide') {
    const author = await createUser(env.api, undefined, env.app);
    const viewer = await createUser(env.api, undefined, env.app);
    await viewer.api.post(`/api/v1/accounts/${author.id}/follow`);
    const filter = await createFilter(viewer, { title: `مرشح ${action}`, filter_action: action, keywords: [{ keyword: KEYWORD }] });
    return { author, viewer, filter };
  }

  /** Checks a list of statuses as the action says: the matching one marked or gone, the plain one untouched. */
  function expectApplied(action: 'warn' | 'hide', statuses: any[], matchingId: string, plainId: string, filter: any) {
    const plain = statuses.find((s) => s.id === plainId);
    assert.ok(plain, 'the status that matches no filter is shown');
    assert.deepEqual(plain.filtered, []);
    const matching = statuses.find((s) => s.id === matchingId);
    if (action === 'hide') return assert.equal(matching, undefined, 'a hidden status is left out');
    assert.ok(matching, 'a warned status is shown');
    assert.deepEqual(matching.filtered, [
      {
        filter: { id: filter.id, title: filter.title, context: filter.context, expires_at: null, filter_action: 'warn' },
        keyword_matches: [KEYWORD],
        status_matches: null,
      },
    ]);
  }

  async function postPair(author: TestUser, suffix = '') {
    const matching = await createPost(author, `${MATCHING}${suffix}`);
    const plain = await createPost(author, `${PLAIN}${suffix}`);
    return { matching, plain };
  }

  for (const action of ['warn', 'hide'] as const) {
    describe(action, () => {
      test(`${action}: home timeline`, async () => {
        const { author, viewer, filter } = await setUp(action);
        const { matching, plain } = await postPair(author);
        const home = await viewer.api.get('/api/v1/timelines/home');
        assert.equal(home.status, 200);
        expectApplied(action, home.body, matching.id, plain.id, filter);
        // The author, who has no filters, sees both, unmarked: nothing leaked into shared bytes.
        const own = await author.api.get('/api/v1/timelines/home');
        assert.deepEqual(own.body.map((s: any) => s.filtered), [[], []]);
      });

      test(`${action}: a reblog is matched by the status it reblogs`, async () => {
        const { author, viewer, filter } = await setUp(action);
        const stranger = await createUser(env.api, undefined, env.app);
        const original = await createPost(stranger, MATCHING);
        const reblog = (await author.api.post(`/api/v1/statuses/${original.id}/reblog`)).body;
        const plain = await createPost(author, PLAIN);
        const home = (await viewer.api.get('/api/v1/timelines/home')).body;
        expectApplied(action, home, reblog.id, plain.id, filter);
        if (action === 'warn') assert.equal(home.find((s: any) => s.id === reblog.id).reblog.filtered[0].keyword_matches[0], KEYWORD);
      });

      test(`${action}: public timeline`, async () => {
        const { author, viewer, filter } = await setUp(action);
        const { matching, plain } = await postPair(author);
        const page = await viewer.api.get('/api/v1/timelines/public?limit=40');
        expectApplied(action, page.body, matching.id, plain.id, filter);
        // Signed out, the same page is unfiltered.
        const anonymous = await env.api.get('/api/v1/timelines/public?limit=40');
        assert.deepEqual(anonymous.body.find((s: any) => s.id === matching.id).filtered, []);
      });

      test(`${action}: tag timeline`, async () => {
        const { author, viewer, filter } = await setUp(action);
        const { matching, plain } = await postPair(author, ` #${TAG}`);
        const page = await viewer.api.get(`/api/v1/timelines/tag/${encodeURIComponent(TAG)}?limit=40`);
        expectApplied(action, page.body, matching.id, plain.id, filter);
      });

      test(`${action}: account timeline`, async () => {
        const { author, viewer, filter } = await setUp(action);
        const { matching, plain } = await postPair(author);
        const page = await viewer.api.get(`/api/v1/accounts/${author.id}/statuses`);
        expectApplied(action, page.body, matching.id, plain.id, filter);
      });

      test(`${action}: notifications`, async () => {
        const { author, viewer, filter } = await setUp(action);
        const matching = await createPost(author, `@${viewer.username} ${MATCHING}`);
        const plain = await createPost(author, `@${viewer.username} ${PLAIN}`);
        const list = (await viewer.api.get('/api/v1/notifications')).body;
        expectApplied(action, list.map((n: any) => n.status), matching.id, plain.id, filter);
        const one = await viewer.api.get(`/api/v1/notifications/${list.find((n: any) => n.status.id === plain.id).id}`);
        assert.equal(one.status, 200);
      });

      test(`${action}: thread context`, async () => {
        const { author, viewer, filter } = await setUp(action);
        const root = await createPost(viewer, PLAIN);
        const matching = await createPost(author, MATCHING, { in_reply_to_id: root.id });
        const plain = await createPost(author, PLAIN, { in_reply_to_id: root.id });
        const context = (await viewer.api.get(`/api/v1/statuses/${root.id}/context`)).body;
        expectApplied(action, context.descendants, matching.id, plain.id, filter);
        // The status on its own lists the filters it matches and is never hidden (as Mastodon).
        const alone = (await viewer.api.get(`/api/v1/statuses/${matching.id}`)).body;
        assert.equal(alone.filtered[0].filter.filter_action, action);
      });

      test(`${action}: notifications on the WebSocket user:notification stream`, async () => {
        const { author, viewer, filter } = await setUp(action);
        const socket = openStream(env.server, 'stream=user:notification', viewer.token);
        try {
          await socket.settled();
          const matching = await createPost(author, `@${viewer.username} ${MATCHING}`);
          const plain = await createPost(author, `@${viewer.username} ${PLAIN}`);
          const about = (id: string) => (m: StreamMessage) => m.event === 'notification' && JSON.parse(m.payload).status?.id === id;
          await socket.next(about(plain.id));
          if (action === 'warn') await socket.next(about(matching.id));
          else await delay(300);
          const statuses = socket.messages.filter((m) => m.event === 'notification').map((m) => JSON.parse(m.payload).status);
          expectApplied(action, dedupe(statuses), matching.id, plain.id, filter);
        } finally {
          socket.ws.close();
        }
      });

      for (const stream of ['user', 'public'] as const) {
        test(`${action}: WebSocket ${stream} stream`, async () => {
          const { author, viewer, filter } = await setUp(action);
          const socket = openStream(env.server, `stream=${stream}`, viewer.token);
          try {
            await socket.settled();
            const { matching, plain } = await postPair(author);
            const updateOf = (id: string) => (m: StreamMessage) => m.event === 'update' && JSON.parse(m.payload).id === id;
            const plainMessage = await socket.next(updateOf(plain.id));
            const received = [JSON.parse(plainMessage.payload)];
            if (action === 'warn') received.push(JSON.parse((await socket.next(updateOf(matching.id))).payload));
            else await delay(300); // the matching post, published first, would have come by now
            received.push(...socket.messages.filter(updateOf(matching.id)).map((m) => JSON.parse(m.payload)));
            expectApplied(action, dedupe(received), matching.id, plain.id, filter);
          } finally {
            socket.ws.close();
          }
        });

        test(`${action}: SSE ${stream} stream`, async () => {
          const { author, viewer, filter } = await setUp(action);
          const sse = await openEventStream(env.server.url, `/api/v1/streaming/${stream}`, viewer.token);
          try {
            assert.equal(sse.status, 200);
            await delay(100); // registered before the posts
            const { matching, plain } = await postPair(author);
            await sse.waitFor((text) => text.includes(`"id":"${plain.id}"`), 'the plain post');
            if (action === 'warn') await sse.waitFor((text) => text.includes(`"id":"${matching.id}"`), 'the warned post');
            else await delay(300);
            expectApplied(action, updatesIn(sse.text()), matching.id, plain.id, filter);
          } finally {
            sse.close();
          }
        });
      }
    });
  }

  test('a filter hides only in its contexts; elsewhere it is listed in filtered, as on Mastodon', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const viewer = await createUser(env.api, undefined, env.app);
    await viewer.api.post(`/api/v1/accounts/${author.id}/follow`);
    const filter = await createFilter(viewer, { context: ['home'], filter_action: 'hide', keywords: [{ keyword: KEYWORD }] });
    const matching = await createPost(author, MATCHING);
    assert.equal((await viewer.api.get('/api/v1/timelines/home')).body.length, 0);
    // Clients keep statuses by id and show them in several places: the result goes with the
    // status, and a client applies it where the filter's context says (home only, here).
    const onProfile = (await viewer.api.get(`/api/v1/accounts/${author.id}/statuses`)).body;
    assert.deepEqual(onProfile.map((s: any) => [s.id, s.filtered.map((r: any) => [r.filter.id, r.filter.context, r.filter.filter_action])]), [[matching.id, [[filter.id, ['home'], 'hide']]]]);
  });
});

const dedupe = (statuses: any[]) => [...new Map(statuses.map((s) => [s.id, s])).values()];

/** The statuses of the `update` events in an SSE stream's text. */
function updatesIn(text: string): any[] {
  const statuses: any[] = [];
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n');
    if (!lines.includes('event: update')) continue;
    const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
    statuses.push(JSON.parse(data));
  }
  return dedupe(statuses);
}
