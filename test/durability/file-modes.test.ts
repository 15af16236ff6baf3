// The app's data is its own: the data directory and every directory under it are created 0700,
// the SQLite database (and its -wal/-shm) and media files 0600, whatever the umask; an existing
// install's looser modes are tightened at start (issue 10, finding 21).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startTestServer } from '../helpers/server.js';
import { Api, createUser } from '../helpers/client.js';
import { TEST_BACKEND } from '../helpers/backend.js';

const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

describe('data file modes', () => {
  test('the data directory is 0700, the database and media files 0600', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-modes-'));
    const dataDir = path.join(root, 'data');
    const previous = process.umask(0o022);
    const server = await startTestServer({ dataDir });
    try {
      const user = await createUser(new Api(server.url));
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#2a7' } }).png().toBuffer();
      const body = new FormData();
      body.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'a.png');
      assert.equal((await user.api.post('/api/v2/media', body)).status, 200);
      assert.equal(mode(dataDir), '700');
      const mediaDir = path.join(dataDir, 'media');
      assert.equal(mode(mediaDir), '700');
      const files = fs.readdirSync(mediaDir);
      assert.ok(files.length >= 2);
      for (const file of files) assert.equal(mode(path.join(mediaDir, file)), '600', file);
      if (TEST_BACKEND === 'sqlite') {
        for (const file of ['sirb.sqlite', 'sirb.sqlite-wal', 'sirb.sqlite-shm']) assert.equal(mode(path.join(dataDir, file)), '600', file);
      }
    } finally {
      process.umask(previous);
      await server.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('an existing install made 0755/0644 is tightened at start', { skip: TEST_BACKEND !== 'sqlite' }, async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-modes-'));
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(path.join(dataDir, 'media'), { recursive: true, mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'media'), 0o755);
    fs.writeFileSync(path.join(dataDir, 'sirb.sqlite'), '', { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, 'sirb.sqlite'), 0o644);
    const server = await startTestServer({ dataDir });
    try {
      assert.equal(mode(dataDir), '700');
      assert.equal(mode(path.join(dataDir, 'media')), '700');
      assert.equal(mode(path.join(dataDir, 'sirb.sqlite')), '600');
    } finally {
      await server.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
