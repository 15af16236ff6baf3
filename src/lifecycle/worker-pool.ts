// WORKERS=N: the primary's workers. A worker that dies is replaced; SIGHUP to the primary
// restarts them one at a time (a rolling restart, e.g. after deploying new code): a new worker
// is started and listening before an old one is asked to drain (SIGTERM), so the port always
// has a worker accepting, and the old one finishes what it has (lifecycle/graceful-shutdown.ts).
import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import { ID_SLOTS } from '../lib/ids.js';

/** How long a new worker may take to listen before the rolling restart gives up (old ones stay). */
const START_TIMEOUT_MS = 120_000;

export class WorkerPool {
  private readonly retiring = new Set<Worker>();
  /** Each live worker's id slot (lib/ids.ts): no two processes writing at once share one. */
  private readonly slots = new Map<Worker, number>();
  private restarting: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly count: number,
    private readonly drainMs: number,
    private readonly log: (message: string) => void = (message) => console.error(message),
  ) {
    // Slot 0 is a lone process's; a rolling restart runs one worker more than the count.
    if (count > ID_SLOTS - 2) throw new Error(`WORKERS can be at most ${ID_SLOTS - 2}, got ${count}`);
  }

  start(): void {
    // Each worker accepts from the shared socket itself (the kernel hands out connections), not the
    // primary by message: in round-robin a connection sent to a worker that exits before it
    // answers is held by the primary, unanswered and never closed (nodejs/node#21746), and a
    // rolling restart retires workers while connections are arriving. A client hung forever
    // in the SIGHUP test under load; here a retiring worker just stops accepting.
    cluster.schedulingPolicy = cluster.SCHED_NONE;
    for (let i = 0; i < this.count; i++) this.fork();
    cluster.on('exit', (worker, code, signal) => {
      // Free once the process is gone, so never held by two live processes.
      this.slots.delete(worker);
      if (this.stopping || this.retiring.delete(worker)) return;
      this.log(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
      this.fork();
    });
  }

  private fork(): Worker {
    const taken = new Set(this.slots.values());
    let slot = 1;
    while (taken.has(slot)) slot++;
    const worker = cluster.fork({ SIRB_ID_SLOT: String(slot) });
    this.slots.set(worker, slot);
    return worker;
  }

  /** Replaces every current worker, one at a time; a second call while one runs joins it. */
  rollingRestart(): Promise<void> {
    this.restarting ??= this.restartEach().finally(() => (this.restarting = null));
    return this.restarting;
  }

  private async restartEach(): Promise<void> {
    const old = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !this.retiring.has(w));
    this.log(`rolling restart of ${old.length} workers`);
    for (const worker of old) {
      if (this.stopping) return;
      const fresh = this.fork();
      try {
        await listening(fresh);
      } catch (error) {
        this.log(`rolling restart stopped, the old workers keep serving: ${error instanceof Error ? error.message : error}`);
        return;
      }
      await this.retire(worker);
    }
    this.log('rolling restart done');
  }

  /** Asks a worker to drain and waits for it to exit (killed if it outlives its drain). */
  private async retire(worker: Worker): Promise<void> {
    if (worker.isDead()) return;
    this.retiring.add(worker);
    const exited = once(worker, 'exit');
    // Its own SIGTERM handler drains; worker.kill() would first disconnect it from the primary.
    worker.process.kill('SIGTERM');
    const overdue = setTimeout(() => worker.process.kill('SIGKILL'), this.drainMs + 10_000);
    await exited;
    clearTimeout(overdue);
  }

  /** Every worker drains and exits (SIGTERM to the primary). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(Object.values(cluster.workers ?? {}).map((w) => w && this.retire(w)));
  }
}

function listening(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${worker.process.pid} did not listen within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    worker.once('listening', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker ${worker.process.pid} exited (${signal ?? code}) before listening`));
    });
  });
}
