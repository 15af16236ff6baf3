import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LINK_LIFE_MS, MediaLinkSigner } from './signed-links.js';

const signer = new MediaLinkSigner(Buffer.from('k'.repeat(43)));
const name = 'ab'.repeat(16);

test('a link handed out while reusable always has an hour left, and dies after', () => {
  for (let now = 1_700_000_000_000; now < 1_700_000_000_000 + 3 * 3600_000; now += 97_000) {
    const { exp, sig } = signer.sign(name, now);
    const until = signer.reusableUntil(now);
    assert.ok(until > now);
    // Handed out at any moment before `until`, it lives at least LINK_LIFE_MS more.
    assert.ok(exp * 1000 >= until - 1 + LINK_LIFE_MS - 1000);
    assert.ok(exp * 1000 - now <= LINK_LIFE_MS + 15 * 60_000, 'and not much more');
    assert.equal(signer.verify(name, String(exp), sig, until - 1), true);
    assert.equal(signer.verify(name, String(exp), sig, exp * 1000), false, 'expired');
    assert.deepEqual(signer.sign(name, until - 1), { exp, sig }, 'the same link within a bucket');
  }
});

test('refuses other files, other keys, changed expiries and malformed input', () => {
  const now = Date.now();
  const { exp, sig } = signer.sign(name, now);
  assert.equal(signer.verify(name, String(exp), sig, now), true);
  assert.equal(signer.verify('cd'.repeat(16), String(exp), sig, now), false);
  assert.equal(new MediaLinkSigner(Buffer.from('x'.repeat(43))).verify(name, String(exp), sig, now), false);
  assert.equal(signer.verify(name, String(exp + 1), sig, now), false);
  for (const [e, s] of [[undefined, sig], [String(exp), undefined], ['1e12', sig], ['-1', sig], [String(exp), sig.slice(1)], [String(exp), `${sig}=`]]) {
    assert.equal(signer.verify(name, e, s, now), false);
  }
});

test('the key is made once, 0600, and shared by every process using the data directory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-key-'));
  try {
    const a = MediaLinkSigner.fromDataDir(dir);
    const b = MediaLinkSigner.fromDataDir(dir);
    const { exp, sig } = a.sign(name, Date.now());
    assert.equal(b.verify(name, String(exp), sig, Date.now()), true);
    assert.equal(fs.statSync(path.join(dir, 'media-links.key')).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(dir), ['media-links.key'], 'no draft left behind');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
