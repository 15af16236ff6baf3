import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionQueue } from './connection-queue.js';
import { DatabaseUnavailableError } from './availability.js';

function queue(now: { ms: number }, maxWaitMs = 60_000) {
  return new ConnectionQueue({ slots: 2, maxWaitMs, targetMs: 1000, intervalMs: 1000, maxWaiting: 50 }, () => now.ms);
}

const refusedBusy = (promise: Promise<unknown>) => assert.rejects(promise, (e) => e instanceof DatabaseUnavailableError && e.reason === 'busy');

test('a burst far longer than the pool is served in turn while it drains', async () => {
  const now = { ms: 0 };
  const q = queue(now);
  const grants = Array.from({ length: 40 }, () => q.acquire());
  // Each turn is quick: the queue drains, nobody waits above the target, nobody is refused.
  for (const grant of grants) {
    now.ms += 40;
    (await grant)();
  }
  assert.deepEqual(q.counts, { granted: 40, shed: 0, timedOut: 0 });
});

test('a queue that stays above the target for an interval sheds newcomers at once, and stops once it drains', async () => {
  const now = { ms: 0 };
  const q = queue(now);
  const first = await Promise.all([q.acquire(), q.acquire()]);
  const waiting = [q.acquire(), q.acquire(), q.acquire(), q.acquire()];
  now.ms = 1500;
  first[0]();
  const second = await waiting[0]; // waited 1.5 s: above the target, from now on
  assert.equal(q.overloaded(), false, 'one long wait is no standing queue');
  now.ms = 2600;
  first[1]();
  const third = await waiting[1]; // waited 2.6 s: still above the target a whole interval later
  await refusedBusy(q.acquire());
  assert.equal(q.counts.shed, 1);
  second();
  third();
  for (const release of await Promise.all(waiting.slice(2))) release();
  assert.equal(q.overloaded(), false, 'drained: newcomers are let in again');
  (await q.acquire())();
});

test('a hung database (nothing comes back for longer than anyone may wait) sheds newcomers', async () => {
  const now = { ms: 0 };
  const q = queue(now, 5000);
  await Promise.all([q.acquire(), q.acquire()]);
  const waiter = q.acquire();
  waiter.catch(() => {});
  now.ms = 4000;
  assert.equal(q.overloaded(), false);
  now.ms = 5001;
  await refusedBusy(q.acquire());
  q.refuseAll(new DatabaseUnavailableError('unreachable'));
  await assert.rejects(waiter, (e) => e instanceof DatabaseUnavailableError && e.reason === 'unreachable');
});

test('the queue is bounded, and nobody waits longer than the longest wait', async () => {
  const now = { ms: 0 };
  const q = new ConnectionQueue({ slots: 1, maxWaitMs: 50, targetMs: 25, intervalMs: 25, maxWaiting: 3 }, () => now.ms);
  await q.acquire();
  const waiters = [q.acquire(), q.acquire(), q.acquire()];
  await refusedBusy(q.acquire());
  for (const waiter of waiters) await refusedBusy(waiter);
  assert.deepEqual(q.counts, { granted: 1, shed: 1, timedOut: 3 });
});
