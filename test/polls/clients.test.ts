// Polls driven by real client libraries over HTTP: masto.js (Elk, Phanpy and many bots) and
// megalodon (Whalebird, Fedistar) make a poll with a status, read it and vote, with Mastodon's
// shapes and status codes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import generator from 'megalodon';
import { useTestServer } from '../helpers/server.js';
import { createUser } from '../helpers/client.js';

describe('poll clients', () => {
  const env = useTestServer();

  test('masto.js: statuses.create with a poll, polls.$select(id).fetch and votes.create', async () => {
    const [author, voter] = [await createUser(env.api), await createUser(env.api)];
    const asAuthor = createRestAPIClient({ url: env.server.url, accessToken: author.token });
    const asVoter = createRestAPIClient({ url: env.server.url, accessToken: voter.token });
    const status = await asAuthor.v1.statuses.create({ status: 'أي لغة تفضّل؟', poll: { options: ['العربية', 'English', 'Français'], expiresIn: 3600, multiple: true } });
    assert.ok(status.poll);
    assert.equal(status.poll.multiple, true);
    assert.deepEqual(status.poll.options.map((o) => o.title), ['العربية', 'English', 'Français']);
    const poll = await asVoter.v1.polls.$select(status.poll.id).fetch();
    assert.equal(poll.voted, false);
    const voted = await asVoter.v1.polls.$select(status.poll.id).votes.create({ choices: [0, 2] });
    assert.deepEqual(voted.ownVotes, [0, 2]);
    assert.equal(voted.votesCount, 2);
    assert.equal(voted.votersCount, 1);
    await assert.rejects(asVoter.v1.polls.$select(status.poll.id).votes.create({ choices: [0] }), (error: any) => error.statusCode === 422);
    await assert.rejects(asAuthor.v1.statuses.create({ status: 'x', poll: { options: ['one'], expiresIn: 3600 } }), (error: any) => error.statusCode === 422);
    const [home] = await asVoter.v1.accounts.$select(author.id).statuses.list({ limit: 1 });
    assert.deepEqual(home.poll?.ownVotes, [0, 2]);
  });

  test('megalodon: postStatus with a poll, getPoll and votePoll', async () => {
    const [author, voter] = [await createUser(env.api), await createUser(env.api)];
    const asAuthor = generator('mastodon', env.server.url, author.token);
    const asVoter = generator('mastodon', env.server.url, voter.token);
    const posted = await asAuthor.postStatus('نعم أم لا؟', { poll: { options: ['نعم', 'لا'], expires_in: 600, hide_totals: true } });
    const status = posted.data as any;
    assert.ok(status.poll);
    const voted = await asVoter.votePoll(status.poll.id, [1], status.id);
    assert.equal(voted.data.voted, true);
    assert.deepEqual((voted.data as { own_votes?: number[] }).own_votes, [1]);
    assert.deepEqual(voted.data.options.map((o) => o.votes_count), [null, null], 'hidden until it ends');
    assert.equal((await asVoter.getPoll(status.poll.id)).data.votes_count, 1);
  });
});
