// The SSE stream byte for byte as Mastodon's streaming server writes it (issue 12): a comment line
// `:)\n` with no blank line after it (strict clients read one as an event without a name), then
// `event: …\ndata: …\n\n` per event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startTestServer } from '../helpers/server.js';
import { Api, createUser } from '../helpers/client.js';
import { waitFor } from '../helpers/wait.js';

test('SSE opens with ":)\\n" and frames an update as event and data lines', async () => {
  const server = await startTestServer();
  try {
    const user = await createUser(new Api(server.url));
    let received = '';
    const req = http.get(`${server.url}/api/v1/streaming/public`, { headers: { authorization: `Bearer ${user.token}` } });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (received += chunk));
    await waitFor(() => received.length > 0, { what: 'the opening comment' });
    assert.equal(received, ':)\n');
    const posted = await user.api.post('/api/v1/statuses', { status: 'صباح الخير' });
    await waitFor(() => received.endsWith('\n\n'), { what: () => `an event (got ${JSON.stringify(received)})` });
    const event = received.slice(':)\n'.length);
    assert.match(event, /^event: update\ndata: \{.*\}\n\n$/s);
    assert.equal(JSON.parse(event.split('\n')[1].slice('data: '.length)).id, posted.body.id);
    req.destroy();
  } finally {
    await server.close();
  }
});
