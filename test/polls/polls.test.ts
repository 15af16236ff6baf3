// Polls (issue 12), as Mastodon 4.3: made with a status (JSON, form and multipart bodies),
// Mastodon's 422s for bad polls and votes, counts that concurrent votes never lose, hide_totals,
// each viewer's own `voted`/`own_votes` in cached timeline pages, followers-only polls, `poll`
// notifications once when a poll ends, and polls on scheduled statuses.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createUser, type TestUser } from '../helpers/client.js';
import { testClock } from '../helpers/clock.js';
import { waitFor } from '../helpers/wait.js';

const poll = (extra: Record<string, unknown> = {}) => ({ options: ['نعم', 'لا'], expires_in: 3600, ...extra });

describe('polls', () => {
  const clock = testClock();
  const env = useTestServer({}, clock);

  async function pollPost(user: TestUser, extra: Record<string, unknown> = {}, status: Record<string, unknown> = {}) {
    const res = await user.api.post('/api/v1/statuses', { status: 'ما رأيكم؟', poll: poll(extra), ...status });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  }

  test('a poll made with a status, in JSON, form and multipart bodies, is a Poll entity', async () => {
    const author = await createUser(env.api);
    const json = await pollPost(author, { multiple: true });
    assert.equal(json.poll.expired, false);
    assert.equal(json.poll.multiple, true);
    assert.equal(json.poll.votes_count, 0);
    assert.equal(json.poll.voters_count, 0);
    assert.deepEqual(json.poll.options, [{ title: 'نعم', votes_count: 0 }, { title: 'لا', votes_count: 0 }]);
    assert.deepEqual(json.poll.emojis, []);
    assert.equal(Date.parse(json.poll.expires_at), clock() + 3600_000);
    // The author counts as having voted (they may not vote in their own poll), with no choices.
    assert.equal(json.poll.voted, true);
    assert.deepEqual(json.poll.own_votes, []);

    const form = new URLSearchParams([['status', 'form'], ['poll[options][]', 'a'], ['poll[options][]', 'b'], ['poll[options][]', 'c'], ['poll[expires_in]', '300'], ['poll[hide_totals]', 'true']]);
    const byForm = await author.api.post('/api/v1/statuses', form);
    assert.equal(byForm.status, 200, JSON.stringify(byForm.body));
    assert.deepEqual(byForm.body.poll.options.map((o: any) => o.title), ['a', 'b', 'c']);
    assert.equal(byForm.body.poll.multiple, false);
    assert.deepEqual(byForm.body.poll.options.map((o: any) => o.votes_count), [null, null, null], 'hidden totals');

    const multipart = new FormData();
    multipart.append('status', 'multipart');
    multipart.append('poll[options][]', 'x');
    multipart.append('poll[options][]', 'y');
    multipart.append('poll[expires_in]', '86400');
    multipart.append('poll[multiple]', '1');
    const byMultipart = await author.api.post('/api/v1/statuses', multipart);
    assert.equal(byMultipart.status, 200, JSON.stringify(byMultipart.body));
    assert.equal(byMultipart.body.poll.multiple, true);

    // Shown the same everywhere: alone, in the author's timeline, signed out (no voted/own_votes).
    const alone = (await author.api.get(`/api/v1/statuses/${json.id}`)).body;
    assert.deepEqual(alone.poll, json.poll);
    const signedOut = (await env.api.get(`/api/v1/statuses/${json.id}`)).body.poll;
    assert.equal('voted' in signedOut, false);
    assert.equal('own_votes' in signedOut, false);
    const listed = (await env.api.get(`/api/v1/accounts/${author.id}/statuses`)).body.find((s: any) => s.id === json.id);
    assert.deepEqual(listed.poll, signedOut);
    assert.deepEqual((await env.api.get(`/api/v1/polls/${json.poll.id}`)).body, signedOut);
  });

  test('bad polls get 422 with an error, never 500; a poll and media together are refused', async () => {
    const author = await createUser(env.api);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ options: ['only one'] }, /more than one/],
      [{ options: ['a', 'b', 'c', 'd', 'e'] }, /more than 4/],
      [{ options: ['a', 'x'.repeat(51)] }, /longer than 50/],
      [{ options: ['a', 'a'] }, /duplicate/],
      [{ expires_in: 299 }, /too soon/],
      [{ expires_in: 2_629_747 }, /too far/],
      [{ expires_in: undefined }, /blank/],
      [{ expires_in: 'soon' }, /blank/],
      [{ options: 'not a list' }, /more than one/],
    ];
    for (const [extra, why] of cases) {
      const res = await author.api.post('/api/v1/statuses', { status: 'x', poll: { ...poll(), ...extra } });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.match(res.body.error, why);
    }
    for (const body of [{ status: 'x', poll: 'nope' }, { status: 'x', poll: { options: [{}], expires_in: 600 } }, { status: 'x', poll: { options: ['a', 'b'], expires_in: 600, multiple: 'maybe' } }]) {
      const res = await author.api.post('/api/v1/statuses', body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(typeof res.body.error, 'string');
    }
    const upload = new FormData();
    upload.append('file', new Blob([new Uint8Array(await tinyPng())], { type: 'image/png' }), 'x.png');
    const media = (await author.api.post('/api/v2/media', upload)).body;
    const both = await author.api.post('/api/v1/statuses', { status: 'x', media_ids: [media.id], poll: poll() });
    assert.equal(both.status, 422);
    assert.equal((await author.api.get(`/api/v1/accounts/${author.id}/statuses`)).body.length, 0, 'nothing was posted');
  });

  test('votes: Mastodon\'s rules, counts, voted and own_votes for each viewer, also in cached timeline pages', async () => {
    const author = await createUser(env.api);
    const [a, b, c] = [await createUser(env.api), await createUser(env.api), await createUser(env.api)];
    const single = await pollPost(author);
    const multi = await pollPost(author, { multiple: true, options: ['١', '٢', '٣'] });
    const id = single.poll.id;
    // Everyone reads the author's page first: every page is then warm in the render cache.
    const pageOf = async (user?: TestUser) => ((await (user ? user.api : env.api).get(`/api/v1/accounts/${author.id}/statuses`)).body as any[]);
    for (const user of [a, b, c, author, undefined]) await pageOf(user);

    const vote = (user: TestUser, pollId: string, choices: unknown) => user.api.post(`/api/v1/polls/${pollId}/votes`, { choices });
    const self = await vote(author, id, [0]);
    assert.equal(self.status, 422);
    assert.match(self.body.error, /own poll/);
    for (const choices of [[2], [-1], ['x'], [0, 1], []]) {
      const res = await vote(a, id, choices);
      assert.equal(res.status, 422, JSON.stringify(choices));
      assert.equal(typeof res.body.error, 'string');
    }
    const voted = await vote(a, id, [1]);
    assert.equal(voted.status, 200, JSON.stringify(voted.body));
    assert.equal(voted.body.voted, true);
    assert.deepEqual(voted.body.own_votes, [1]);
    assert.equal(voted.body.votes_count, 1);
    assert.deepEqual(voted.body.options.map((o: any) => o.votes_count), [0, 1]);
    const again = await vote(a, id, [0]);
    assert.equal(again.status, 422);
    assert.equal(again.body.error, 'Validation failed: You have already voted on this poll');
    // A form body votes as well.
    const form = new URLSearchParams([['choices[]', '0']]);
    assert.equal((await b.api.post(`/api/v1/polls/${id}/votes`, form)).status, 200);

    // Several options of a multiple-choice poll; each only once.
    const many = await vote(a, multi.poll.id, ['0', '2']);
    assert.equal(many.status, 200, JSON.stringify(many.body));
    assert.deepEqual(many.body.own_votes, [0, 2]);
    assert.equal(many.body.votes_count, 2);
    assert.equal(many.body.voters_count, 1);
    assert.equal((await vote(a, multi.poll.id, [2])).status, 422);
    assert.equal((await vote(b, multi.poll.id, [1, 1])).status, 422);
    assert.equal((await vote(b, multi.poll.id, [1])).status, 200);

    // Each viewer sees their own votes, in timeline pages (read twice: warm pages come from
    // cached bytes) and alone; the cached bytes never carry another viewer's votes.
    for (let round = 0; round < 2; round++) {
      const seen = async (user: TestUser | undefined) => {
        const page = await pageOf(user);
        const one = page.find((s) => s.id === single.id).poll;
        const two = page.find((s) => s.id === multi.id).poll;
        return { one, two };
      };
      const byA = await seen(a);
      assert.deepEqual([byA.one.voted, byA.one.own_votes, byA.two.own_votes], [true, [1], [0, 2]]);
      assert.deepEqual(byA.one.options.map((o: any) => o.votes_count), [1, 1]);
      assert.deepEqual(byA.two.options.map((o: any) => o.votes_count), [1, 1, 1]);
      assert.deepEqual([byA.two.votes_count, byA.two.voters_count], [3, 2]);
      const byB = await seen(b);
      assert.deepEqual([byB.one.own_votes, byB.two.own_votes], [[0], [1]]);
      const byC = await seen(c);
      assert.deepEqual([byC.one.voted, byC.one.own_votes, byC.two.voted], [false, [], false]);
      const byAuthor = await seen(author);
      assert.deepEqual([byAuthor.one.voted, byAuthor.one.own_votes], [true, []]);
      const signedOut = await seen(undefined);
      assert.equal('voted' in signedOut.one, false);
      assert.equal(signedOut.one.votes_count, 2);
    }
    const shown = (await c.api.get(`/api/v1/polls/${id}`)).body;
    assert.deepEqual([shown.voted, shown.own_votes, shown.votes_count], [false, [], 2]);
    assert.equal((await c.api.get('/api/v1/polls/999999999')).status, 404);
  });

  test('concurrent votes are all counted, and one voter voting twice at once counts once', async () => {
    const author = await createUser(env.api);
    const voters = await Promise.all(Array.from({ length: 12 }, () => createUser(env.api)));
    const { poll: p } = await pollPost(author, { options: ['a', 'b', 'c'] });
    const results = await Promise.all(voters.map((v, i) => v.api.post(`/api/v1/polls/${p.id}/votes`, { choices: [i % 3] })));
    assert.deepEqual(results.map((r) => r.status), voters.map(() => 200));
    const twice = await Promise.all([0, 1, 2, 0].map((choice) => voters[0].api.post(`/api/v1/polls/${p.id}/votes`, { choices: [choice] })));
    assert.deepEqual(twice.map((r) => r.status), [422, 422, 422, 422], 'already voted');
    const late = await createUser(env.api);
    const race = await Promise.all([0, 1, 2].map((choice) => late.api.post(`/api/v1/polls/${p.id}/votes`, { choices: [choice] })));
    assert.equal(race.filter((r) => r.status === 200).length, 1);
    const final = (await env.api.get(`/api/v1/polls/${p.id}`)).body;
    assert.equal(final.votes_count, 13);
    assert.equal(final.voters_count, 13);
    assert.equal(final.options.reduce((sum: number, o: any) => sum + o.votes_count, 0), 13);
    const rows = await env.server.ctx.db.kysely.selectFrom('poll_votes').select('id').where('poll_id', '=', Number(p.id)).execute();
    assert.equal(rows.length, 13);
  });

  test('hide_totals: options\' counts are null until the poll ends, for everyone; then shown', async () => {
    const author = await createUser(env.api);
    const voter = await createUser(env.api);
    const post = await pollPost(author, { hide_totals: true, expires_in: 600 });
    await voter.api.post(`/api/v1/polls/${post.poll.id}/votes`, { choices: [0] });
    for (const user of [author, voter]) {
      const p = (await user.api.get(`/api/v1/statuses/${post.id}`)).body.poll;
      assert.deepEqual(p.options.map((o: any) => o.votes_count), [null, null]);
      assert.equal(p.votes_count, 1);
    }
    const cachedPage = async () => (await voter.api.get(`/api/v1/accounts/${author.id}/statuses`)).body[0].poll;
    assert.equal((await cachedPage()).expired, false);
    clock.advance(601_000);
    const ended = await cachedPage();
    assert.equal(ended.expired, true, 'a cached page is not served past the poll\'s end');
    assert.deepEqual(ended.options.map((o: any) => o.votes_count), [1, 0]);
    const late = await createUser(env.api);
    const res = await late.api.post(`/api/v1/polls/${post.poll.id}/votes`, { choices: [1] });
    assert.equal(res.status, 422);
    assert.equal(res.body.error, 'Validation failed: The poll has already ended');
  });

  test('a followers-only poll: only followers (and the author) see it and vote', async () => {
    const author = await createUser(env.api);
    const follower = await createUser(env.api);
    const stranger = await createUser(env.api);
    await follower.api.post(`/api/v1/accounts/${author.id}/follow`);
    const post = await pollPost(author, {}, { visibility: 'private' });
    const id = post.poll.id;
    assert.equal((await stranger.api.get(`/api/v1/polls/${id}`)).status, 404);
    assert.equal((await env.api.get(`/api/v1/polls/${id}`)).status, 404);
    assert.equal((await stranger.api.post(`/api/v1/polls/${id}/votes`, { choices: [0] })).status, 404);
    assert.equal((await follower.api.get(`/api/v1/polls/${id}`)).status, 200);
    assert.equal((await follower.api.post(`/api/v1/polls/${id}/votes`, { choices: [0] })).status, 200);
    assert.equal((await author.api.get(`/api/v1/polls/${id}`)).body.votes_count, 1);
  });

  test('when a poll ends, voters and the author get a `poll` notification, once, whichever notifier runs', async () => {
    const author = await createUser(env.api);
    const [a, b] = [await createUser(env.api), await createUser(env.api)];
    const post = await pollPost(author, { expires_in: 300, multiple: true });
    await a.api.post(`/api/v1/polls/${post.poll.id}/votes`, { choices: [0, 1] });
    await b.api.post(`/api/v1/polls/${post.poll.id}/votes`, { choices: [1] });
    const pollNotifications = async (user: TestUser) => ((await user.api.get('/api/v1/notifications?types[]=poll')).body as any[]);
    await env.server.ctx.pollExpiry.notifyEnded();
    assert.equal((await pollNotifications(a)).length, 0, 'not before it ends');
    clock.advance(301_000);
    // Two notifiers at once (as two processes would): the poll is told of once.
    await env.server.ctx.pollExpiry.stop(); // its timer would race the two below
    const { PollExpiryNotifier } = await import('../../src/polls/expiry.js');
    const second = new PollExpiryNotifier(env.server.ctx.db.kysely, env.server.ctx.write, clock);
    const told = await Promise.all([env.server.ctx.pollExpiry.notifyEnded(), second.notifyEnded()]);
    assert.ok(told[0] + told[1] >= 1);
    for (const user of [author, a, b]) {
      const list = await waitFor(async () => ((await pollNotifications(user)).length ? pollNotifications(user) : undefined), { what: 'the poll notification' });
      assert.equal(list.length, 1);
      assert.equal(list[0].type, 'poll');
      assert.equal(list[0].status.id, post.id);
      assert.equal(list[0].status.poll.expired, true);
      assert.equal(list[0].account.id, author.id);
    }
    assert.equal(await env.server.ctx.pollExpiry.notifyEnded(), 0);
    assert.equal((await pollNotifications(a)).length, 1);
    env.server.ctx.pollExpiry.start();
  });

  test('a scheduled status keeps its poll, made when it is published', async () => {
    const author = await createUser(env.api);
    const at = new Date(clock() + 10 * 60_000).toISOString();
    const res = await author.api.post('/api/v1/statuses', { status: 'لاحقًا', scheduled_at: at, poll: { options: [' a ', 'b'], expires_in: '600', hide_totals: true } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.params.poll, { options: ['a', 'b'], expires_in: 600, multiple: false, hide_totals: true });
    const bad = await author.api.post('/api/v1/statuses', { status: 'x', scheduled_at: at, poll: { options: ['a'], expires_in: 600 } });
    assert.equal(bad.status, 422, 'checked when scheduled');
    clock.advance(11 * 60_000);
    await env.server.ctx.scheduledPublisher.publishDue();
    const posted = (await author.api.get(`/api/v1/accounts/${author.id}/statuses`)).body[0];
    assert.deepEqual(posted.poll.options, [{ title: 'a', votes_count: null }, { title: 'b', votes_count: null }]);
    assert.equal(Date.parse(posted.poll.expires_at), Date.parse(posted.created_at) + 600_000, 'its time starts when published');
  });

  test('a reblogged poll shows each viewer\'s votes inside the reblog', async () => {
    const author = await createUser(env.api);
    const booster = await createUser(env.api);
    const voter = await createUser(env.api);
    const post = await pollPost(author);
    await booster.api.post(`/api/v1/statuses/${post.id}/reblog`);
    const boostOf = async (user: TestUser) => (await user.api.get(`/api/v1/accounts/${booster.id}/statuses`)).body[0];
    assert.equal((await boostOf(voter)).reblog.poll.voted, false);
    await voter.api.post(`/api/v1/polls/${post.poll.id}/votes`, { choices: [1] });
    const boost = await boostOf(voter);
    assert.equal(boost.poll, null, 'the reblog itself has no poll');
    assert.deepEqual([boost.reblog.poll.voted, boost.reblog.poll.own_votes, boost.reblog.poll.votes_count], [true, [1], 1]);
    assert.equal((await boostOf(booster)).reblog.poll.voted, false);
  });

  test('replacePoll (for edits): a new poll, votes reset, voters no longer shown as having voted', async () => {
    const author = await createUser(env.api);
    const voter = await createUser(env.api);
    const post = await pollPost(author);
    await voter.api.post(`/api/v1/polls/${post.poll.id}/votes`, { choices: [0] });
    const shown = async () => (await voter.api.get(`/api/v1/accounts/${author.id}/statuses`)).body[0].poll;
    assert.equal((await shown()).voted, true);
    const { ctx } = env.server;
    const pollId = await ctx.write((tx) => ctx.polls.replacePoll(tx, Number(post.id), { options: ['جديد', 'آخر', 'ثالث'], expires_in: 900 }));
    const after = await shown();
    assert.equal(after.id, String(pollId));
    assert.deepEqual([after.voted, after.own_votes, after.votes_count, after.options.length], [false, [], 0, 3]);
    assert.equal((await voter.api.get(`/api/v1/polls/${post.poll.id}`)).status, 404, 'the old poll is gone');
    await assert.rejects(ctx.write((tx) => ctx.polls.replacePoll(tx, Number(post.id), { options: ['one'], expires_in: 900 })), /more than one/);
    await ctx.write((tx) => ctx.polls.replacePoll(tx, Number(post.id), null));
    assert.equal(await shown(), null);
  });

  test('deleting a status removes its poll; delete-and-redraft answers it', async () => {
    const author = await createUser(env.api);
    const post = await pollPost(author);
    const deleted = await author.api.delete(`/api/v1/statuses/${post.id}`);
    assert.equal(deleted.body.poll.id, post.poll.id);
    assert.equal((await author.api.get(`/api/v1/polls/${post.poll.id}`)).status, 404);
  });

  test('instance configuration.polls gives the real limits (v1 and v2)', async () => {
    for (const path of ['/api/v1/instance', '/api/v2/instance']) {
      const { polls } = (await env.api.get(path)).body.configuration;
      assert.deepEqual(polls, { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2_629_746 });
    }
  });
});

async function tinyPng(): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#123' } }).png().toBuffer();
}
