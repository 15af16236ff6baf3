import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idForTime, newId, parseId, timeOfId } from './ids.js';

test('ids increase even within one millisecond', () => {
  const now = Date.now();
  const ids = Array.from({ length: 5000 }, () => newId(now));
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i] > ids[i - 1], `at ${i}`);
  assert.equal(new Set(ids).size, ids.length);
});

test('ids sort by time and carry their time', () => {
  const t = Date.UTC(2026, 10, 27, 12, 0, 0);
  const id = newId(t + 10_000_000);
  assert.ok(id > idForTime(t));
  assert.ok(Math.abs(timeOfId(idForTime(t)) - t) < 1);
  assert.ok(Number.isSafeInteger(id));
});

test('back-dated ids belong to their own time, before later ids', () => {
  const past = Date.now() - 7 * 86_400_000;
  const old = newId(past);
  assert.equal(Math.floor(timeOfId(old) / 1000), Math.floor(past / 1000));
  assert.ok(old < newId());
});

test('ids stay exact JavaScript numbers decades ahead', () => {
  assert.ok(Number.isSafeInteger(idForTime(Date.UTC(2080, 0, 1))));
});

test('parseId accepts digit strings only', () => {
  assert.equal(parseId('123'), 123);
  assert.equal(parseId(42), 42);
  for (const bad of ['abc', '', '-1', '1.5', '1e5', ' 1', '12345678901234567', undefined, null, {}, -1, 1.5]) {
    assert.equal(parseId(bad), undefined, String(bad));
  }
});
