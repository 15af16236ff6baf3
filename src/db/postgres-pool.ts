// The PostgreSQL connection pool with bounds on everything that could pile up when the database
// is slow or gone: connections (max), the wait for one (db/connection-queue.ts: a burst that
// drains is served, newcomers to a queue that stands are shed at once), making one (connect
// timeout), each statement (statement_timeout on the server, query_timeout here for a server
// that stopped answering altogether), and a circuit breaker (db/availability.ts) so that a dead
// database is not dialled by every request.
import pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { DatabaseHealth, DatabaseUnavailableError, unavailabilityOf } from './availability.js';
import { ConnectionQueue } from './connection-queue.js';

export interface PostgresLimits {
  /** Connections in the pool. */
  poolMax: number;
  /** How long to wait for a new connection to be made (ms). */
  connectTimeoutMs: number;
  /** Longest statement the server runs before cancelling it (ms; 0: none). */
  statementTimeoutMs: number;
  /** Longest wait for any answer, even from a hung server (ms; 0: none). */
  queryTimeoutMs: number;
  /** Longest wait for a free connection (ms); half of it is the target delay of the queue's shedding (db/connection-queue.ts). */
  maxQueueWaitMs: number;
  /** Requests waiting for a connection beyond which new ones are refused (503) at once: a memory bound, far above any burst. */
  maxWaiting: number;
}

export const DEFAULT_POSTGRES_LIMITS: PostgresLimits = {
  poolMax: 10,
  connectTimeoutMs: 2000,
  statementTimeoutMs: 10_000,
  queryTimeoutMs: 12_000,
  maxQueueWaitMs: 5000,
  maxWaiting: 2000,
};

/** Clients whose last query got no answer: their connection is dropped, not reused. */
const broken = new WeakSet<object>();
const watched = new WeakSet<object>();

export class GuardedPool implements PostgresPool {
  readonly pool: pg.Pool;
  readonly queue: ConnectionQueue;

  constructor(
    connectionString: string,
    private readonly limits: PostgresLimits,
    readonly health = new DatabaseHealth(),
    options: { statementTimeout?: boolean } = {},
  ) {
    const statementTimeout = options.statementTimeout === false ? 0 : limits.statementTimeoutMs;
    this.pool = new pg.Pool({
      connectionString,
      max: limits.poolMax,
      connectionTimeoutMillis: limits.connectTimeoutMs,
      keepAlive: true,
      ...(statementTimeout ? { statement_timeout: statementTimeout } : {}),
      ...(statementTimeout && limits.queryTimeoutMs ? { query_timeout: limits.queryTimeoutMs } : {}),
    });
    // An idle connection dropped by the server (restart, failover) must not crash the process:
    // the pool replaces it, and the next query that fails says so to its own caller.
    this.pool.on('error', () => {});
    // A standing queue: waits above half the longest allowed, for as long again.
    const targetMs = limits.maxQueueWaitMs / 2;
    this.queue = new ConnectionQueue({ slots: limits.poolMax, maxWaitMs: limits.maxQueueWaitMs, targetMs, intervalMs: targetMs, maxWaiting: limits.maxWaiting });
  }

  async connect(): Promise<PostgresPoolClient> {
    const probe = this.health.admit();
    let freeSlot: () => void;
    try {
      freeSlot = await this.queue.acquire(probe);
    } catch (error) {
      if (probe) this.failed(error, probe);
      else if (error instanceof DatabaseUnavailableError && error.reason === 'busy') this.health.counts.shed += 1;
      throw error;
    }
    // The breaker opened while this request waited: it would only wait out the outage.
    if (!probe && !this.health.up) {
      freeSlot();
      throw new DatabaseUnavailableError('unreachable');
    }
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      freeSlot();
      // (pg-pool says "timeout exceeded" also for a wait for a free connection, which the queue
      // above should make impossible: if it happens anyway, it is overload, not an outage.)
      const saturated = !probe && this.pool.totalCount >= this.limits.poolMax && /^timeout exceeded/.test((error as Error)?.message ?? '');
      if (saturated) throw new DatabaseUnavailableError('busy', 'No database connection came free in time');
      if (probe || unavailabilityOf(error) === 'unreachable') this.failed(error, probe);
      throw error;
    }
    this.watch(client);
    if (probe) {
      // The pool may hand out a connection opened before the database hung: only an answer
      // says it is back. Meanwhile every other request is refused at once.
      try {
        await client.query('select 1');
      } catch (error) {
        client.release(true);
        freeSlot();
        this.failed(error, probe);
        throw error;
      }
    }
    this.health.succeeded(probe);
    // pg-pool gives the client a new release function at each checkout: wrapped each time, so
    // that a connection whose query went unanswered is destroyed rather than handed out again.
    const release = client.release;
    client.release = (destroy?: boolean | Error) => {
      const drop = destroy || broken.has(client);
      broken.delete(client);
      try {
        return release.call(client, drop || undefined);
      } finally {
        freeSlot();
      }
    };
    return client as unknown as PostgresPoolClient;
  }

  /** The database failed: when that opens the breaker, those waiting for a connection are told at once. */
  private failed(error: unknown, probe = false): void {
    this.health.failed(error, probe);
    if (!this.health.up) this.queue.refuseAll(new DatabaseUnavailableError('unreachable'));
  }

  private watch(client: pg.PoolClient): void {
    if (watched.has(client)) return;
    watched.add(client);
    // A connection lost while the client is checked out but between queries (in a transaction,
    // say) is reported as an 'error' event: unheard, it would crash the process. The next query
    // on it fails and says so; it is then dropped.
    client.on('error', () => broken.add(client));
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const result = query(...args);
      if (result instanceof Promise) {
        return result.catch((error: unknown) => {
          // (A statement the server cancelled for its timeout leaves the connection fine.)
          if (unavailabilityOf(error) === 'unreachable' || (error as Error)?.message === 'Query read timeout') broken.add(client);
          // A server that stopped answering altogether (no reply within query_timeout). A
          // connection that broke is only dropped: whether the server is gone, the next
          // connection attempt says.
          if ((error as Error)?.message === 'Query read timeout') {
            this.failed(error);
            // Its socket is closed now, so what follows on this client (a transaction's
            // rollback) fails at once instead of waiting out another timeout behind it.
            (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
          }
          throw error;
        });
      }
      return result;
    };
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
