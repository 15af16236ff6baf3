// A post's text is refused on its raw length before twitter-text parses it: the parser is
// quadratic on some inputs ("ع." repeated takes seconds at 20,000 characters), so an over-long
// text must cost nothing (issue 10, finding 13).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createUser, type TestUser } from '../helpers/client.js';

describe('post text raw length', () => {
  const env = useTestServer();
  let user: TestUser;

  test('20,000 characters the parser is slowest on are refused with 422, at once', async () => {
    user = await createUser(env.api);
    const started = performance.now();
    const res = await user.api.post('/api/v1/statuses', { status: 'ع.'.repeat(10_000) });
    const ms = performance.now() - started;
    assert.equal(res.status, 422);
    assert.match(res.body.error, /character limit/);
    // Parsing it takes 10+ s on this kind of machine; refusing it, milliseconds.
    assert.ok(ms < 2000, `answered in ${Math.round(ms)} ms`);
  });

  test('just over the raw bound is refused; a post at the weighted limit made of long links is not', async () => {
    const { maxPostRawLength, maxPostLength } = env.server.ctx.config;
    const over = await user.api.post('/api/v1/statuses', { status: 'a '.repeat(maxPostRawLength).slice(0, maxPostRawLength + 1) });
    assert.equal(over.status, 422);
    // 11 links of 200 characters weigh 11 × 23 + 10 spaces = 263: within 280, whatever their length.
    const links = Array.from({ length: 11 }, (_, i) => `https://example.com/${i}/${'x'.repeat(180)}`).join(' ');
    assert.ok(links.length > maxPostLength * 5 && links.length <= maxPostRawLength);
    const ok = await user.api.post('/api/v1/statuses', { status: links });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });
});
