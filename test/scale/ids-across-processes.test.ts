// Several processes write to one database (WORKERS=N; one more during a rolling restart), each
// minting snowflake ids (src/lib/ids.ts). Two real processes, started together and minting as
// fast as they can, must never mint the same id: they did, and posts answered 500 on "UNIQUE
// constraint failed: statuses.id" while workers were replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { ROOT } from '../helpers/process.js';

const MINT = `
import { newId } from './src/lib/ids.ts';
// Both start minting at the same wall-clock millisecond boundary, as busy workers do.
const startAt = Number(process.argv[1]);
while (Date.now() < startAt);
const ids = [];
for (let i = 0; i < 50_000; i++) ids.push(newId());
process.stdout.write(ids.join('\\n'));
`;

function mint(slot: string, startAt: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', MINT, String(startAt)], { cwd: ROOT, env: { ...process.env, SIRB_ID_SLOT: slot } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(out.split('\n').map(Number)) : reject(new Error(`minting process failed (${code}): ${err}`))));
  });
}

test('two processes minting ids in the same milliseconds never mint the same id', { timeout: 300_000 }, async () => {
  // Far enough ahead for both to have loaded on a loaded machine.
  const startAt = Date.now() + 15_000;
  const [first, second] = await Promise.all([mint('1', startAt), mint('2', startAt)]);
  assert.equal(new Set(first).size, first.length, 'one process minted an id twice');
  const seen = new Set(first);
  const shared = second.filter((id) => seen.has(id));
  assert.equal(shared.length, 0, `${shared.length} ids minted by both processes, e.g. ${shared.slice(0, 3)}`);
  // The ids still sort by time: each process's are increasing.
  for (const ids of [first, second]) for (let i = 1; i < ids.length; i++) assert.ok(ids[i] > ids[i - 1]);
});

test('an id slot out of range is refused with a clear message', async () => {
  const { idSlotFromEnv } = await import('../../src/lib/ids.js');
  assert.equal(idSlotFromEnv({}), 0);
  assert.equal(idSlotFromEnv({ SIRB_ID_SLOT: '31' }), 31);
  assert.throws(() => idSlotFromEnv({ SIRB_ID_SLOT: '32' }), /SIRB_ID_SLOT must be an integer from 0 to 31/);
  assert.throws(() => idSlotFromEnv({ SIRB_ID_SLOT: 'x' }), /SIRB_ID_SLOT/);
});
