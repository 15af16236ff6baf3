// A Python app's whole journey through Sirb, with Mastodon.py 1.8 (Debian's python3-mastodon):
// test/e2e/clients/journey.py does it, one named step per line of its output; each step is
// one test here. Mastodon.py streams over SSE only, so the WebSocket step is taken from here
// with the token Mastodon.py signed in for.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { Api } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';
import { skipUnlessInstalled, stepTests, type StepResult } from './clients/journey.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./clients/journey.py', import.meta.url));
const skip = skipUnlessInstalled(PYTHON, ['-c', 'import mastodon'], 'python3-mastodon');

/** Keys for a push subscription, for when Mastodon.py cannot make them (no python3-cryptography). */
function pushKeys(): Record<string, string> {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  return { PUSH_P256DH: ecdh.getPublicKey().toString('base64'), PUSH_AUTH: crypto.randomBytes(16).toString('base64') };
}

describe('Mastodon.py (python3-mastodon): a whole user journey', { skip }, () => {
  const env = useTestServer();
  const results = new Map<string, StepResult>();
  let token: string | null = null;
  let output = '';

  before(async () => {
    output = await new Promise<string>((resolve) => {
      execFile(PYTHON, [SCRIPT, env.server.url], { timeout: 240_000, env: { ...process.env, ...pushKeys() }, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve(`${stdout}${error ? `\n${stderr}\n${error.message}` : ''}`);
      });
    });
    for (const line of output.split('\n')) {
      if (line.startsWith('JOURNEY ')) {
        const result = JSON.parse(line.slice(8)) as StepResult;
        results.set(result.step, result);
      }
      if (line.startsWith('JOURNEY_TOKEN ')) token = JSON.parse(line.slice(14)) as string | null;
    }
  });

  test('the journey script ran to its end', () => {
    assert.ok(output.includes('JOURNEY_TOKEN '), output.slice(-2000));
  });

  stepTests(() => results, () => env.server, [
    ['register_app', []],
    ['version_detection', []],
    ['sign_up', []],
    ['sign_up_second_user', []],
    ['sign_in_password_grant', []],
    ['sign_in_authorization_code_pkce', []],
    ['post', []],
    ['edit', ['PUT /api/v1/statuses/:id', 'GET /api/v1/statuses/:id/history', 'GET /api/v1/statuses/:id/source']],
    ['poll', ['GET /api/v1/polls/:id', 'POST /api/v1/polls/:id/votes']],
    ['schedule', ['GET /api/v1/scheduled_statuses', 'DELETE /api/v1/scheduled_statuses/:id']],
    ['lists', ['POST /api/v1/lists', 'GET /api/v1/lists/:id/accounts', 'POST /api/v1/lists/:id/accounts', 'GET /api/v1/timelines/list/:id']],
    ['stream_sse', []],
    ['push_subscription', []],
  ]);

  test('stream_websocket (with the token Mastodon.py signed in for)', async () => {
    assert.ok(token, 'the password sign-in step gave no token');
    const stream = openStream(env.server, `access_token=${token}&stream=user`);
    try {
      await stream.settled();
      const posted = await new Api(env.server.url, token).post('/api/v1/statuses', { status: 'over the WebSocket — عبر المقبس' });
      assert.equal(posted.status, 200);
      const update = await stream.next((m) => m.event === 'update' && JSON.parse(m.payload).id === posted.body.id, 5000);
      assert.deepEqual(update.stream, ['user']);
    } finally {
      stream.ws.close();
    }
  });
});
