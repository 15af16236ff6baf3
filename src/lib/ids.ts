// Snowflake-style ids: milliseconds since 2020 in the high bits, then a per-millisecond
// sequence. They sort by creation time, which makes keyset pagination (max_id/min_id) a plain
// comparison, and they stay below 2^53 for ~69 years so JavaScript numbers hold them exactly.
// Several processes write to one database (WORKERS=N, and during a rolling restart one more): the
// 12 low bits are a process slot (5 bits) and that process's sequence (7 bits), so two processes
// minting an id in the same millisecond never mint the same one (they did: posts answered 500 on
// "UNIQUE constraint failed: statuses.id" during rolling restarts). 128 ids per millisecond per
// process; past that the next millisecond is borrowed.
const EPOCH_MS = Date.UTC(2020, 0, 1);
const SEQUENCE_BITS = 12;
const SEQUENCE_SPAN = 2 ** SEQUENCE_BITS;
export const ID_SLOTS = 32;
const PER_SLOT = SEQUENCE_SPAN / ID_SLOTS;

let lastMs = 0;
let sequence = 0;
let slot = idSlotFromEnv();

/** This process's slot: SIRB_ID_SLOT, set by the primary for each worker (lifecycle/worker-pool.ts); 0 for a lone process. */
export function idSlotFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SIRB_ID_SLOT;
  if (raw === undefined || raw === '') return 0;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value >= ID_SLOTS) throw new Error(`SIRB_ID_SLOT must be an integer from 0 to ${ID_SLOTS - 1}, got "${raw}"`);
  return value;
}

/** For tests that play several processes in one. */
export function useIdSlot(value: number): void {
  slot = idSlotFromEnv({ SIRB_ID_SLOT: String(value) });
}

export function newId(nowMs: number = Date.now()): number {
  let ms = Math.max(nowMs, 0);
  if (ms <= lastMs && nowMs >= lastMs - 1000) {
    // Same (or, after a small clock step back, earlier) millisecond: keep ids increasing.
    ms = lastMs;
    sequence += 1;
    if (sequence >= PER_SLOT) {
      ms += 1;
      sequence = 0;
    }
  } else if (ms > lastMs) {
    sequence = 0;
  } else {
    // An explicitly old timestamp (back-dated data): no ordering promise with live ids needed.
    return idForTime(ms) + Math.floor(Math.random() * SEQUENCE_SPAN);
  }
  lastMs = ms;
  return (ms - EPOCH_MS) * SEQUENCE_SPAN + slot * PER_SLOT + sequence;
}

/** The smallest id that can belong to something created at `ms`. */
export function idForTime(ms: number): number {
  return Math.max(ms - EPOCH_MS, 0) * SEQUENCE_SPAN;
}

export function timeOfId(id: number): number {
  return Math.floor(id / SEQUENCE_SPAN) + EPOCH_MS;
}

/** Parses an id from a path or query string; undefined when it is not a well-formed id. */
export function parseId(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw;
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : undefined;
}
