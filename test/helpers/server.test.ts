// The test server's own promise: closing it never waits on a client, so one test that leaves a
// response body unread cannot stall the suite's teardown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startTestServer } from './server.js';

test('a test server closes at once though a client left a large response body unread', { timeout: 20_000 }, async () => {
  const server = await startTestServer();
  // An avatar's name: served without a database row.
  const name = `profile-${'0'.repeat(32)}.webp`;
  const file = path.join(server.dataDir, 'media', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Larger than the socket buffers of both ends, so the response cannot finish while unread.
  fs.writeFileSync(file, Buffer.alloc(16 * 1024 * 1024));
  const res = await fetch(`${server.url}/media/${name}`);
  assert.equal(res.status, 200);
  await server.close();
  await res.body?.cancel().catch(() => {});
});
