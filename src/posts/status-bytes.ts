// Statuses as encoded JSON pieces, the only form statuses are rendered in (posts/presenter.ts
// joins them into pages): each status's head (everything before "reblog", or before a poll's
// `voted`), kept in its render cache entry, fixed punctuation, the ways a viewer's votes can end
// a poll, and the ways a viewer's marks can end a status.
import type { StatusRow } from '../db/schema.js';
import type { CachedAccount, CachedStatus } from './render-cache.js';
import { conversationOf, type ViewerMarks } from './store.js';
import { SlabAllocator } from '../lib/slab.js';

/**
 * The status's encoded head if it was encoded from these very versions of it and its author,
 * and may still be served at `now` (its signed media links, if any, are not near expiry).
 */
export function headOf(status: CachedStatus, author: CachedAccount, now: number): Buffer | undefined {
  const head = status.head;
  return head !== undefined && head.status === status.version && head.author === author.version && head.until > now ? head.bytes : undefined;
}

/**
 * Encodes a status's head (its JSON up to the value of "reblog") from `body`, its JSON without
 * the author, the reblog and the viewer's marks, and keeps it in the entry with their versions.
 */
export function encodeHead(status: CachedStatus, author: CachedAccount, body: object, until = Infinity, poll?: object): Buffer {
  // "poll" follows the account (the Status schema writes it there too). A status with a poll:
  // the head ends inside the poll's object, for the viewer's `voted` and `own_votes` to follow
  // (pollTail).
  const end = poll === undefined ? '"poll":null,"reblog":' : `"poll":${JSON.stringify(poll).slice(0, -1)}`;
  // Its own memory, the exact size: a head lives as long as its cache entry, and one cut from
  // Node's shared 8 KB pool (Buffer.from) would keep the whole pool slab alive with it.
  const json = `${JSON.stringify(body).slice(0, -1)},"account":${JSON.stringify(author.json)},${end}`;
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(json));
  bytes.write(json);
  status.head = { status: status.version, author: author.version, until, bytes };
  return bytes;
}

export const OPEN_ARRAY = Buffer.from('[');
export const CLOSE_ARRAY = Buffer.from(']');
export const COMMA = Buffer.from(',');
export const NULL = Buffer.from('null');
export const CLOSE_OBJECT = Buffer.from('}');

// The ways a viewer's marks can end a status, encoded: a page needs no serialising for them.
// Sixteen for the four marks, times three for `pinned`: left out (not the viewer's own pinnable
// status, as Mastodon's serializer leaves it out), false, or true.
const MARKS_TAILS = Array.from({ length: 48 }, (_, index) => {
  const bits = index % 16;
  const pin = Math.floor(index / 16);
  const [favourited, reblogged, bookmarked, muted] = [1, 2, 4, 8].map((bit) => (bits & bit) !== 0);
  const marks = pin === 0 ? { favourited, reblogged, muted, bookmarked } : { favourited, reblogged, muted, bookmarked, pinned: pin === 2 };
  return Buffer.from(`,${JSON.stringify(marks).slice(1, -1)}}`);
});

/**
 * The end of a status shown to a viewer: their marks on it (on what it reblogs, for a reblog),
 * whether they muted its conversation (a reblog starts its own, as on Mastodon), and for their
 * own statuses that may be pinned (not reblogs, not direct) whether they pinned it.
 */
export function marksTail(row: StatusRow, marks: ViewerMarks): Buffer {
  const target = row.reblog_of_id ?? row.id;
  const muted = row.reblog_of_id === null && marks.mutedConversations.size > 0 && marks.mutedConversations.has(conversationOf(row));
  const pinnable = marks.viewerId === undefined || (marks.viewerId === row.account_id && row.reblog_of_id === null && row.visibility !== 'direct');
  const pin = !pinnable ? 0 : marks.pinned.size > 0 && marks.pinned.has(row.id) ? 2 : 1;
  return MARKS_TAILS[pin * 16 + ((marks.favourited.has(target) ? 1 : 0) | (marks.reblogged.has(target) ? 2 : 0) | (marks.bookmarked.has(target) ? 4 : 0) | (muted ? 8 : 0))];
}

const COLON = 0x3a;
const POLL_SIGNED_OUT = Buffer.from('},"reblog":');
const POLL_NOT_VOTED = Buffer.from(',"voted":false,"own_votes":[]},"reblog":');
// Mastodon counts the author as having voted (they may not vote in their own poll).
const POLL_AUTHOR = Buffer.from(',"voted":true,"own_votes":[]},"reblog":');
/** One viewer's choices, encoded once per cached marks object (so repeated pages reuse them). */
const pollTails = new WeakMap<number[], Buffer>();

/**
 * The end of a head that stops inside a poll (encodeHead), ending the poll's object: the
 * viewer's `voted` and `own_votes` (none when signed out), then the key of "reblog". Whether a
 * head stops inside a poll is read from the head itself, so the two always agree.
 */
function pollTail(head: Buffer, row: StatusRow, source: PageSource): Buffer | undefined {
  if (head[head.length - 1] === COLON) return undefined;
  if (!source.marks) return POLL_SIGNED_OUT;
  const votes = source.marks.pollVotes.get(row.id);
  if (votes === undefined) return row.account_id === source.viewerId ? POLL_AUTHOR : POLL_NOT_VOTED;
  let tail = pollTails.get(votes);
  if (tail === undefined) pollTails.set(votes, (tail = Buffer.from(`,"voted":true,"own_votes":${JSON.stringify(votes)}},"reblog":`)));
  return tail;
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

/**
 * Where a page's pieces come from: the render cache alone (a warm page), or a hydrated page.
 * A lookup answers `undefined` when the source does not have the thing at hand (the page must
 * then be hydrated) and `null` when it does not exist (the status is not shown).
 */
export interface PageSource {
  status(id: number): CachedStatus | null | undefined;
  author(id: number): CachedAccount | null | undefined;
  head(status: CachedStatus, author: CachedAccount): Buffer | undefined;
  /** The viewer's marks; undefined when signed out. */
  marks: ViewerMarks | undefined;
  /** The viewer (the author of a poll is shown as having voted in it). */
  viewerId?: number;
  /** Show suspended authors' statuses too (staff reading a report about them); never for timelines. */
  evenSuspended?: boolean;
}

/**
 * The statuses as one JSON array, skipping those not shown; undefined as soon as the source
 * lacks anything they need. This is the only place a status's JSON is put together.
 */
export function joinPage(statuses: CachedStatus[], source: PageSource): Buffer | undefined {
  const parts = pageParts(statuses, source);
  return parts === undefined ? undefined : concatParts(parts);
}

/** A page's encoded pieces in order (joinPage copies them together). */
export function pageParts(statuses: CachedStatus[], source: PageSource): Buffer[] | undefined {
  const parts: Buffer[] = [OPEN_ARRAY];
  for (const status of statuses) {
    const start = parts.length;
    if (start > 1) parts.push(COMMA);
    const shown = appendStatus(parts, status, source);
    if (shown === undefined) return undefined;
    if (!shown) parts.length = start;
  }
  parts.push(CLOSE_ARRAY);
  return parts;
}

/**
 * Appends a status's pieces: its head, the status it reblogs (or null), the viewer's marks.
 * A status is shown only with its author (not gone or suspended) and, for a reblog, with the
 * status it reblogs. Answers whether it was shown, or undefined if the source lacked something.
 */
function appendStatus(parts: Buffer[], status: CachedStatus, source: PageSource): boolean | undefined {
  const row = status.row;
  const author = source.author(row.account_id);
  if (author == null) return author === null ? false : undefined;
  if (author.row.suspended_at && !source.evenSuspended) return false;
  const head = source.head(status, author);
  if (head === undefined) return undefined;
  const start = parts.length;
  parts.push(head);
  const poll = pollTail(head, row, source);
  if (poll !== undefined) parts.push(poll);
  if (row.reblog_of_id === null) parts.push(NULL);
  else {
    const original = source.status(row.reblog_of_id);
    const shown = original == null ? (original === null ? false : undefined) : appendStatus(parts, original, source);
    if (shown !== true) {
      parts.length = start;
      return shown;
    }
  }
  parts.push(source.marks ? marksTail(row, source.marks) : CLOSE_OBJECT);
  return true;
}
