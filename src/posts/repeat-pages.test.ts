import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RepeatPages } from './repeat-pages.js';

const part = (text: string) => Buffer.from(text);

test('a page read again with the same parts is the same bytes, kept from the second read on', () => {
  const pages = new RepeatPages();
  const parts = [part('['), part('{"id":"1"}'), part(']')];
  const first = pages.bytesOf(7, parts);
  const second = pages.bytesOf(7, [...parts]);
  const third = pages.bytesOf(7, [...parts]);
  assert.equal(first.toString(), '[{"id":"1"}]');
  assert.equal(second.toString(), first.toString());
  assert.equal(third, second, 'the third read is the kept copy');
  assert.equal(pages.keptBytes, first.length);
});

test('a changed part (a new head, other marks) makes new bytes, even with equal content', () => {
  const pages = new RepeatPages();
  const open = part('['), close = part(']');
  pages.bytesOf(1, [open, part('{"a":1}'), close]);
  const kept = pages.bytesOf(1, [open, part('{"a":1}'), close]);
  assert.equal(kept.toString(), '[{"a":1}]');
  const changed = pages.bytesOf(1, [open, part('{"a":2}'), close]);
  assert.equal(changed.toString(), '[{"a":2}]');
  assert.equal(pages.keptBytes, 0, 'the old copy is dropped');
});

test('pages are per viewer', () => {
  const pages = new RepeatPages();
  const shared = [part('['), part('{"s":1}'), part(']')];
  pages.bytesOf(1, shared);
  pages.bytesOf(1, shared);
  assert.equal(pages.bytesOf(2, [part('['), part(']')]).toString(), '[]');
  assert.equal(pages.bytesOf(1, shared).toString(), '[{"s":1}]');
});

test('kept copies stay within their byte budget, oldest dropped first', () => {
  const pages = new RepeatPages(100);
  for (let viewer = 0; viewer < 10; viewer++) {
    const parts = [part(`[${'x'.repeat(38)}]`)];
    pages.bytesOf(viewer, parts);
    pages.bytesOf(viewer, parts);
  }
  assert.ok(pages.keptBytes <= 100, `kept ${pages.keptBytes} bytes`);
  assert.ok(pages.keptBytes >= 80);
});
