// Statuses as encoded JSON pieces, for timeline pages that are copied together rather than
// serialised: each cached row's head (everything before "reblog"), fixed punctuation, and the
// eight ways a viewer's marks can end a status.
import type { StatusRow } from '../db/schema.js';
import type { AccountJson } from '../accounts/presenter.js';
import type { ViewerMarks } from './store.js';
import { SlabAllocator } from '../lib/slab.js';

/**
 * Each cached row's encoded head, with the presented author it was built with. A row or an
 * account that changes is replaced in the cache by a new object, so a head can never be stale:
 * it is found only for the same row object and used only with the same author object.
 */
const heads = new WeakMap<StatusRow, { author: AccountJson; bytes: Buffer }>();

export function currentHead(row: StatusRow, author: AccountJson): Buffer | undefined {
  const head = heads.get(row);
  return head?.author === author ? head.bytes : undefined;
}

/** `body` is the status's JSON without its closing brace. */
export function storeHead(row: StatusRow, author: AccountJson, body: string): Buffer {
  const bytes = Buffer.from(`${body},"account":${JSON.stringify(author)},"reblog":`);
  heads.set(row, { author, bytes });
  return bytes;
}

export const OPEN_ARRAY = Buffer.from('[');
export const CLOSE_ARRAY = Buffer.from(']');
export const COMMA = Buffer.from(',');
export const NULL = Buffer.from('null');
export const CLOSE_OBJECT = Buffer.from('}');

// The eight ways a viewer's marks can end a status, encoded: a page needs no serialising for them.
const MARKS_TAILS = Array.from({ length: 8 }, (_, bits) => {
  const [favourited, reblogged, bookmarked] = [1, 2, 4].map((bit) => (bits & bit) !== 0);
  return Buffer.from(`,${JSON.stringify({ favourited, reblogged, muted: false, bookmarked, pinned: false }).slice(1, -1)}}`);
});

/** The end of a status shown to a viewer: their marks on it (on what it reblogs, for a reblog). */
export function marksTail(row: StatusRow, marks: ViewerMarks): Buffer {
  const target = row.reblog_of_id ?? row.id;
  return MARKS_TAILS[(marks.favourited.has(target) ? 1 : 0) | (marks.reblogged.has(target) ? 2 : 0) | (marks.bookmarked.has(target) ? 4 : 0)];
}

/** Timeline pages are carved out of shared slabs: see lib/slab.ts for why. */
const pageBuffers = new SlabAllocator();

/** Copies the encoded pieces into one buffer. */
export function concatParts(parts: Buffer[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = pageBuffers.alloc(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
