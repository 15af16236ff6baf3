// When the database cannot do what a request needs right now (unreachable, overloaded, too slow,
// read-only, its disk full), the request must hear "try again later" (503 + Retry-After), never
// "internal error" (500): the fault is not in the request and will pass. This file says which
// errors mean that, and keeps this process's view of whether the database is reachable.

export type Unavailability = 'unreachable' | 'busy' | 'timeout' | 'read-only' | 'full';

/** What a client is told, by reason: clear words, and when to try again (seconds). */
export const UNAVAILABLE: Record<Unavailability, { message: string; retryAfter: number }> = {
  unreachable: { message: 'The service is temporarily unavailable: its database cannot be reached. Try again in a few seconds', retryAfter: 5 },
  busy: { message: 'The service is overloaded right now. Try again in a few seconds', retryAfter: 2 },
  timeout: { message: 'The database took too long to answer. Try again in a few seconds', retryAfter: 5 },
  'read-only': { message: 'The service is read-only for now (database maintenance): nothing can be saved. Try again later', retryAfter: 30 },
  full: { message: 'The server has run out of storage space: nothing can be saved until space is freed. Try again later', retryAfter: 60 },
};

/** Thrown where this process refuses a database call itself (load shedding, the breaker open). */
export class DatabaseUnavailableError extends Error {
  constructor(readonly reason: Unavailability, detail?: string) {
    super(detail ?? UNAVAILABLE[reason].message);
    this.name = 'DatabaseUnavailableError';
  }
}

// Node's socket errors on the way to the database.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

// pg's own words when a connection could not be made, died, or stopped answering.
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /is not queryable/,
  /^Postgres connection has been discarded/,
];

function classifyOne(error: { code?: unknown; message?: unknown }): Unavailability | undefined {
  const code = typeof error.code === 'string' ? error.code : '';
  const message = typeof error.message === 'string' ? error.message : '';
  if (error instanceof DatabaseUnavailableError) return error.reason;
  if (NETWORK_CODES.has(code)) return 'unreachable';
  // PostgreSQL SQLSTATEs: 08 connection exceptions; 57P01-03 shutting down / starting up; 53300
  // too many connections; 53100 disk full; 25006 a read-only transaction (a standby, or
  // default_transaction_read_only); 57014 a statement cancelled by statement_timeout; 55P03 a
  // lock not granted in time.
  if (/^08...$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03') return 'unreachable';
  if (code === '53300' || code === '53200' || code === '55P03') return 'busy';
  if (code === '53100') return 'full';
  if (code === '25006') return 'read-only';
  if (code === '57014') return 'timeout';
  if (message === 'Query read timeout') return 'timeout';
  if (PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return 'unreachable';
  // better-sqlite3's SqliteError: the file locked beyond busy_timeout, the disk full, the file
  // unwritable or failing.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code.startsWith('SQLITE_IOERR')) return code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC' ? 'full' : 'unreachable';
  return undefined;
}

/**
 * Why this error means the database is unavailable, or undefined when it does not (then it is a
 * bug or bad input, answered as such). Looks through `cause` and AggregateError's `errors`
 * (Node reports a refused connection to each of a host's addresses as one AggregateError).
 */
export function unavailabilityOf(error: unknown, depth = 0): Unavailability | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const found = classifyOne(error as { code?: unknown; message?: unknown });
  if (found) return found;
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  if (cause !== undefined) {
    const fromCause = unavailabilityOf(cause, depth + 1);
    if (fromCause) return fromCause;
  }
  if (Array.isArray(errors)) for (const inner of errors) {
    const fromInner = unavailabilityOf(inner, depth + 1);
    if (fromInner) return fromInner;
  }
  return undefined;
}

/**
 * This process's view of the database: a circuit breaker. After two connections in a row could not be made
 * (refused, or no answer within the connect timeout), new connections are refused at once for
 * `probeEveryMs`, then one is let through to probe; the first that succeeds closes the breaker.
 * So a dead or hung database costs requests milliseconds, not a connect timeout each, and its
 * return is noticed within `probeEveryMs` with no restart.
 */
const FAILURES_TO_OPEN = 2;

export class DatabaseHealth {
  private downSince: number | undefined;
  private lastProbeAt = -Infinity;
  private probing = false;
  private failuresInARow = 0;
  /** Since start, for /metrics: breaker openings, refusals by reason. */
  readonly counts = { outages: 0, refused: 0, shed: 0 };
  lastError: string | undefined;

  constructor(
    private readonly probeEveryMs = 500,
    private readonly clock: () => number = Date.now,
  ) {}

  get up(): boolean {
    return this.downSince === undefined;
  }

  /** Milliseconds the database has been unreachable, 0 while up. */
  get downForMs(): number {
    return this.downSince === undefined ? 0 : this.clock() - this.downSince;
  }

  /**
   * Before a new connection: throws while the breaker is open, except for one probe every
   * `probeEveryMs`. Returns whether this attempt is that probe.
   */
  admit(): boolean {
    if (this.downSince === undefined) return false;
    const now = this.clock();
    if (this.probing || now - this.lastProbeAt < this.probeEveryMs) {
      this.counts.refused += 1;
      throw new DatabaseUnavailableError('unreachable');
    }
    this.probing = true;
    this.lastProbeAt = now;
    return true;
  }

  /** A connection was made (or a query answered). */
  succeeded(probe = false): void {
    if (probe) this.probing = false;
    this.failuresInARow = 0;
    this.downSince = undefined;
  }

  /** A connection could not be made, or a query got no answer: the database is unreachable. */
  failed(error: unknown, probe = false): void {
    if (probe) this.probing = false;
    this.lastError = error instanceof Error ? error.message : String(error);
    // One slow connect on a loaded machine is not an outage: two in a row are.
    if (this.downSince === undefined && ++this.failuresInARow < FAILURES_TO_OPEN) return;
    if (this.downSince === undefined) {
      this.downSince = this.clock();
      this.lastProbeAt = this.downSince;
      this.counts.outages += 1;
    }
  }
}
