// Multipart bodies are read only where a file is expected, and only after authentication and
// the rate limit: a 10 MB body sent to any POST route without a token is answered before it is
// read (issue 10, finding 14).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startTestServer, useTestServer } from '../helpers/server.js';
import { createUser, type TestUser } from '../helpers/client.js';
import { freshWindowClock } from '../helpers/clock.js';

const BOUNDARY = '----sirb-test-boundary';

/**
 * Starts a multipart upload that announces `totalBytes` but sends only its first 64 KB, and
 * resolves with the answer, or with 'no answer' if none comes while the body is still unsent.
 */
function partialUpload(url: string, headers: Record<string, string> = {}, totalBytes = 10 * 1024 * 1024): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string } | 'no answer'> {
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(totalBytes), ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, 5000);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() });
      });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.write(head);
    req.write(Buffer.alloc(64 * 1024, 1));
  });
}

describe('multipart bodies', () => {
  const env = useTestServer();
  let user: TestUser;

  test('a 10 MB multipart body to POST /api/v1/statuses without a token is answered 401 before it is sent', async () => {
    const res = await partialUpload(`${env.server.url}/api/v1/statuses`);
    assert.notEqual(res, 'no answer', 'the server waited for the whole body');
    if (res === 'no answer') return;
    assert.equal(res.status, 401);
    assert.equal(JSON.parse(res.body).error, 'The access token is invalid');
    assert.equal(res.headers.connection, 'close');
  });

  test('the upload routes too refuse a signed-out body before reading it', async () => {
    for (const path of ['/api/v2/media', '/api/v1/media']) {
      const res = await partialUpload(`${env.server.url}${path}`);
      assert.notEqual(res, 'no answer', path);
      if (res !== 'no answer') assert.equal(res.status, 401, path);
    }
  });

  test('a file part where none is expected is refused with 422, signed in', async () => {
    user = await createUser(env.api);
    const form = new FormData();
    form.append('status', 'hello');
    form.append('file', new Blob([Buffer.alloc(1024)], { type: 'image/png' }), 'a.png');
    const res = await user.api.post('/api/v1/statuses', form);
    assert.equal(res.status, 422);
    assert.match(res.body.error, /takes no files/);
  });

  test('fields of a signed-in multipart body still work where no file is expected', async () => {
    const form = new FormData();
    form.append('status', 'posted as multipart');
    form.append('visibility', 'unlisted');
    const res = await user.api.post('/api/v1/statuses', form);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.visibility, 'unlisted');
    const big = new FormData();
    big.append('status', 'x'.repeat(70 * 1024));
    assert.equal((await user.api.post('/api/v1/statuses', big)).status, 413);
  });

  test('a malformed multipart body is 400, not 500', async () => {
    for (const [type, body] of [
      ['multipart/form-data', 'no boundary given'],
      [`multipart/form-data; boundary=${BOUNDARY}`, `--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--${BOUNDARY}--`],
      [`multipart/form-data; boundary=${BOUNDARY}`, `--${BOUNDARY}\r\nnot a header at all`],
    ]) {
      const res = await user.api.post('/api/v1/statuses', body, { 'content-type': type });
      assert.ok(res.status >= 400 && res.status < 500, `${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(typeof res.body.error, 'string');
    }
  });

  test('OAuth takes a signed-out multipart form, files refused', async () => {
    const form = new FormData();
    form.append('client_name', 'multipart app');
    form.append('redirect_uris', 'urn:ietf:wg:oauth:2.0:oob');
    assert.equal((await env.api.post('/api/v1/apps', form)).status, 200);
    form.append('logo', new Blob([Buffer.alloc(10)]), 'logo.png');
    assert.equal((await env.api.post('/api/v1/apps', form)).status, 422);
  });
});

describe('multipart after the rate limit', () => {
  test('an account past its allowance is refused before its upload is read', async () => {
    const server = await startTestServer({ rateLimit: { perWindow: 3, registrationsPerWindow: 100, windowSeconds: 300 } }, freshWindowClock(300));
    try {
      const { Api } = await import('../helpers/client.js');
      const someone = await createUser(new Api(server.url));
      for (let i = 0; i < 2; i++) await someone.api.get('/api/v1/timelines/home');
      const res = await partialUpload(`${server.url}/api/v2/media`, { authorization: `Bearer ${someone.token}` });
      assert.notEqual(res, 'no answer', 'the server waited for the whole body');
      if (res !== 'no answer') assert.equal(res.status, 429);
    } finally {
      await server.close();
    }
  });
});
