// The status store holds the probe account's password and the webhook secrets: its directory must
// be private to the service's user (0700) and its files 0600, also when they already existed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { tempDir } from './helpers.js';

const running: RunningStatusService[] = [];
after(async () => {
  for (const s of running) await s.stop();
});

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('status store file permissions', () => {
  it('creates the data directory 0700 and the SQLite files 0600', async () => {
    const dataDir = path.join(tempDir(), 'nested', 'status');
    const svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir, appUrl: 'http://127.0.0.1:9', logLevel: 'silent', background: false });
    running.push(svc);
    assert.equal(mode(dataDir).toString(8), '700');
    const files = fs.readdirSync(dataDir).filter((f) => f.startsWith('status.sqlite'));
    assert.ok(files.includes('status.sqlite'));
    for (const f of files) assert.equal(mode(path.join(dataDir, f)).toString(8), '600', f);
  });

  it('tightens a directory and a store left readable by an older version', async () => {
    const dataDir = tempDir();
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'status.sqlite'), '', { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, 'status.sqlite'), 0o644);
    const svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir, appUrl: 'http://127.0.0.1:9', logLevel: 'silent', background: false });
    running.push(svc);
    assert.equal(mode(dataDir).toString(8), '700');
    for (const f of fs.readdirSync(dataDir).filter((n) => n.startsWith('status.sqlite'))) assert.equal(mode(path.join(dataDir, f)).toString(8), '600', f);
  });
});
