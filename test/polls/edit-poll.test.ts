// Editing a status with a poll (PUT /api/v1/statuses/:id), as Mastodon: clients send the poll back
// with every edit; the same poll keeps running with its votes, other options (or kind) make a new
// poll without votes, a poll left out is removed, and a poll beside media is refused.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createUser } from '../helpers/client.js';

const poll = (extra: Record<string, unknown> = {}) => ({ options: ['نعم', 'لا'], expires_in: 3600, ...extra });

describe('editing a poll', () => {
  const env = useTestServer();

  test('the same poll keeps its votes, another resets them, none removes it', async () => {
    const author = await createUser(env.api);
    const voter = await createUser(env.api);
    const posted = (await author.api.post('/api/v1/statuses', { status: 'ما رأيكم؟', poll: poll() })).body;
    assert.equal((await voter.api.post(`/api/v1/polls/${posted.poll.id}/votes`, { choices: [0] })).status, 200);

    const same = await author.api.request('PUT', `/api/v1/statuses/${posted.id}`, { status: 'ما رأيكم الآن؟', poll: poll() });
    assert.equal(same.status, 200, JSON.stringify(same.body));
    assert.equal(same.body.poll.id, posted.poll.id);
    assert.equal(same.body.poll.votes_count, 1, 'sending the poll back keeps its votes');
    assert.ok(same.body.edited_at);

    const other = await author.api.request('PUT', `/api/v1/statuses/${posted.id}`, { status: 'ما رأيكم الآن؟', poll: poll({ options: ['نعم', 'لا', 'ربما'] }) });
    assert.equal(other.status, 200, JSON.stringify(other.body));
    assert.notEqual(other.body.poll.id, posted.poll.id);
    assert.equal(other.body.poll.votes_count, 0, 'new options: the votes start over');
    assert.deepEqual(other.body.poll.options.map((o: { title: string }) => o.title), ['نعم', 'لا', 'ربما']);
    const seen = (await voter.api.get(`/api/v1/statuses/${posted.id}`)).body;
    assert.equal(seen.poll.voted, false, 'the voter may vote again');

    const bad = await author.api.request('PUT', `/api/v1/statuses/${posted.id}`, { status: 'x', poll: { options: ['only one'], expires_in: 3600 } });
    assert.equal(bad.status, 422);
    assert.match(bad.body.error, /Poll options/);

    const removed = await author.api.request('PUT', `/api/v1/statuses/${posted.id}`, { status: 'بلا استطلاع' });
    assert.equal(removed.status, 200);
    assert.equal(removed.body.poll, null);
    assert.equal((await voter.api.get(`/api/v1/polls/${other.body.poll.id}`)).status, 404);
  });
});
