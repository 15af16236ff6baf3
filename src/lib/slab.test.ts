import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlabAllocator } from './slab.js';

test('buffers carved from one slab never overlap and start 8-byte aligned', () => {
  const slabs = new SlabAllocator(1024);
  const a = slabs.alloc(100);
  const b = slabs.alloc(100);
  assert.equal(a.buffer, b.buffer, 'same slab');
  assert.equal(b.byteOffset - a.byteOffset, 104);
  a.fill(1);
  b.fill(2);
  assert.ok(a.every((x) => x === 1) && b.every((x) => x === 2));
});

test('a full slab is replaced; a request too large for carving gets its own buffer', () => {
  const slabs = new SlabAllocator(1024);
  const first = slabs.alloc(120);
  for (let i = 0; i < 7; i++) slabs.alloc(120);
  const next = slabs.alloc(120);
  assert.notEqual(next.buffer, first.buffer, 'a new slab once the first is used up');
  const large = slabs.alloc(600);
  assert.equal(large.length, 600);
  assert.notEqual(large.buffer, next.buffer);
});
