// API answers compressed for clients that take it (src/http/compression.ts): a home page of Arabic
// posts in brotli or gzip, byte for byte the JSON sent to a client that asks for none; small
// answers and clients that refuse an encoding get plain JSON.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createPost, createUser, type TestUser } from '../helpers/client.js';
import { chooseEncoding } from '../../src/http/compression.js';

let server: TestServer;
let reader: TestUser;

/** The raw answer (node:http does not decompress), so the test sees what went over the wire. */
function raw(path: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, server.url), { headers: { authorization: `Bearer ${reader.token}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

before(async () => {
  server = await startTestServer();
  const api = new Api(server.url);
  const writer = await createUser(api);
  reader = await createUser(api);
  await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
  for (let i = 0; i < 20; i++) await createPost(writer, `تعطل موقع تويتر مرتين خلال 24 ساعة، والمستخدمون لم يتمكنوا من الدخول ${i} #تويتر`);
});
after(() => server.close());

test('a home page goes compressed in brotli or gzip, and decodes to the same JSON', async () => {
  const plain = await raw('/api/v1/timelines/home?limit=20', {});
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.match(String(plain.headers.vary), /accept-encoding/i);
  const json = JSON.parse(plain.body.toString('utf8'));
  assert.equal(json.length, 20);

  const br = await raw('/api/v1/timelines/home?limit=20', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.deepEqual(JSON.parse(zlib.brotliDecompressSync(br.body).toString('utf8')), json);
  assert.ok(br.body.length * 4 < plain.body.length, `brotli ${br.body.length} B of ${plain.body.length} B`);

  const gz = await raw('/api/v1/timelines/home?limit=20', { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.deepEqual(JSON.parse(zlib.gunzipSync(gz.body).toString('utf8')), json);
});

test('small answers, refused encodings and errors stay plain', async () => {
  const small = await raw('/api/v1/custom_emojis', { 'accept-encoding': 'br' });
  assert.equal(small.headers['content-encoding'], undefined);
  assert.deepEqual(JSON.parse(small.body.toString('utf8')), []);
  const refused = await raw('/api/v1/timelines/home?limit=20', { 'accept-encoding': 'br;q=0, gzip;q=0' });
  assert.equal(refused.headers['content-encoding'], undefined);
  assert.equal(JSON.parse(refused.body.toString('utf8')).length, 20);
  const missing = await raw('/api/v1/statuses/999999999', { 'accept-encoding': 'br' });
  assert.equal(missing.status, 404);
  assert.ok(JSON.parse(missing.body.toString('utf8')).error);
});

test('Accept-Encoding is read as RFC 9110 says', () => {
  assert.equal(chooseEncoding(undefined), null);
  assert.equal(chooseEncoding('identity'), null);
  assert.equal(chooseEncoding('gzip, br'), 'br');
  assert.equal(chooseEncoding('br;q=0, gzip'), 'gzip');
  assert.equal(chooseEncoding('*'), 'br');
  assert.equal(chooseEncoding('*;q=0'), null);
  assert.equal(chooseEncoding('GZIP;q=0.5'), 'gzip');
});
