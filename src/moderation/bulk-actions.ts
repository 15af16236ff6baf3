// Mass suspensions run in the background of the process that accepted them, with a row
// (bulk_actions) that records their progress for staff polling from any process.
//
// After a restart a run is not resumed: its row stops getting heartbeats and is reported (and
// then stored) as failed, with the progress it had made. Suspending is idempotent, so starting
// the same action again finishes the job (accounts already suspended count as done).
import type { Kysely } from 'kysely';
import type { BulkActionsTable, Database } from '../db/schema.js';
import { newId } from '../lib/ids.js';
import type { SuspensionAction, SuspensionEngine, SuspensionProgress } from './suspension.js';

type Db = Kysely<Database>;

/** The BulkAction entity (Sirb extension; CONTRACTS.md). */
export interface BulkActionJson {
  id: string;
  type: string;
  state: 'running' | 'finished' | 'failed';
  total: number;
  done: number;
  failed: number;
  created_at: string;
  finished_at: string | null;
}

/** A running row whose heartbeat is older than this lost its process. */
const STALE_MS = 60_000;
const HEARTBEAT_MS = 10_000;
/**
 * Progress is stored at most this often (and at the end): one write per batch was another
 * SQLite commit on the server's thread per batch, for figures staff poll every few seconds.
 */
const PROGRESS_SAVE_MS = 500;

export interface BulkActionStart {
  actorId: number;
  actorRole: string | null;
  type: SuspensionAction;
  ids: number[];
  /** Listed ids or usernames that named no account: counted as failed from the start. */
  unknown: number;
  reason?: string | null;
}

export class BulkActions {
  private readonly running = new Map<number, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly engine: SuspensionEngine,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Records the action and starts it; answers at once with its row (state running). */
  async start(input: BulkActionStart): Promise<BulkActionJson> {
    const now = this.clock();
    const row: BulkActionsTable = {
      id: newId(now),
      account_id: input.actorId,
      type: input.type,
      state: 'running',
      total: input.ids.length + input.unknown,
      done: 0,
      failed: input.unknown,
      reason: input.reason ?? null,
      created_at: now,
      heartbeat_at: now,
      finished_at: null,
    };
    await this.db.insertInto('bulk_actions').values(row).execute();
    const run = this.run(row, input).finally(() => this.running.delete(row.id));
    this.running.set(row.id, run);
    return present(row);
  }

  /** Resolves when the run has ended (tests, the command line). */
  async settled(id: number): Promise<void> {
    await this.running.get(id);
  }

  private async run(row: BulkActionsTable, input: BulkActionStart): Promise<void> {
    const beat = setInterval(() => {
      void this.db.updateTable('bulk_actions').set({ heartbeat_at: this.clock() }).where('id', '=', row.id).where('state', '=', 'running').execute().catch(() => {});
    }, HEARTBEAT_MS);
    beat.unref();
    let progress: SuspensionProgress = { total: input.ids.length, done: 0, failed: 0 };
    const save = (state: string, finished: boolean) =>
      this.db
        .updateTable('bulk_actions')
        .set({ state, done: progress.done, failed: input.unknown + progress.failed, heartbeat_at: this.clock(), ...(finished && { finished_at: this.clock() }) })
        .where('id', '=', row.id)
        .execute();
    let savedAt = 0;
    try {
      const options = {
        actorId: input.actorId,
        actorRole: input.actorRole,
        reason: input.reason,
        shouldStop: () => this.stopping,
        onProgress: async (p: SuspensionProgress) => {
          progress = p;
          if (Date.now() - savedAt < PROGRESS_SAVE_MS) return;
          savedAt = Date.now();
          await save('running', false);
        },
      };
      progress = input.type === 'suspend' ? await this.engine.suspendAccounts(input.ids, options) : await this.engine.unsuspendAccounts(input.ids, options);
      await save(this.stopping && progress.done + progress.failed < progress.total ? 'failed' : 'finished', true);
    } catch {
      await save('failed', true).catch(() => {});
    } finally {
      clearInterval(beat);
    }
  }

  async get(id: number): Promise<BulkActionJson | undefined> {
    const row = await this.db.selectFrom('bulk_actions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && present(await this.settleStale(normalize(row)));
  }

  /** The newest first. */
  async list(limit: number): Promise<BulkActionJson[]> {
    const rows = await this.db.selectFrom('bulk_actions').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return Promise.all(rows.map(async (row) => present(await this.settleStale(normalize(row)))));
  }

  /** Stops the runs of this process between batches (their rows end as failed) and waits for them. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running.values()]);
  }

  /** A running row whose process stopped beating is failed, and stored so. */
  private async settleStale(row: BulkActionsTable): Promise<BulkActionsTable> {
    if (row.state !== 'running' || this.running.has(row.id) || this.clock() - row.heartbeat_at < STALE_MS) return row;
    const finishedAt = row.heartbeat_at;
    await this.db.updateTable('bulk_actions').set({ state: 'failed', finished_at: finishedAt }).where('id', '=', row.id).where('state', '=', 'running').execute();
    return { ...row, state: 'failed', finished_at: finishedAt };
  }
}

/** PostgreSQL answers bigint columns as strings. */
function normalize(row: BulkActionsTable): BulkActionsTable {
  return {
    ...row,
    id: Number(row.id),
    account_id: Number(row.account_id),
    total: Number(row.total),
    done: Number(row.done),
    failed: Number(row.failed),
    created_at: Number(row.created_at),
    heartbeat_at: Number(row.heartbeat_at),
    finished_at: row.finished_at === null ? null : Number(row.finished_at),
  };
}

function present(row: BulkActionsTable): BulkActionJson {
  return {
    id: String(row.id),
    type: row.type,
    state: row.state as BulkActionJson['state'],
    total: row.total,
    done: row.done,
    failed: row.failed,
    created_at: new Date(row.created_at).toISOString(),
    finished_at: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
  };
}
