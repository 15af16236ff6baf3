// Events are published by the unit of work alone (src/db/unit-of-work.ts): a service that
// published by hand could publish before its commit, or after a rollback, or forget. This keeps
// new code from growing such a call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(import.meta.dirname, '../../src');
const ALLOWED = new Set(['db/unit-of-work.ts', 'events.ts', 'events.test.ts']);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('no module but the unit of work publishes events', () => {
  const offenders = sources(SRC)
    .map((file) => path.relative(SRC, file).split(path.sep).join('/'))
    .filter((file) => !ALLOWED.has(file))
    .filter((file) => /\.publish\(/.test(fs.readFileSync(path.join(SRC, file), 'utf8')));
  assert.deepEqual(offenders, [], 'publish through write(tx => ...): store writes record their events on tx');
});
