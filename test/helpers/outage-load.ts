// A steady client load on a running app while a test (or bench/chaos-postgres.ts) breaks its
// database: a reader polling its home timeline, a writer posting, each answer recorded with the
// phase it fell in, so that the caller can say what was answered how before, during and after.
import { setTimeout as delay } from 'node:timers/promises';
import type { TestUser } from './client.js';

export type Phase = 'before' | 'during' | 'after';

export interface Answer {
  kind: 'read' | 'write';
  phase: Phase;
  status: number;
  retryAfter: string | null;
  error?: string;
  /** The post's id, for an acknowledged write. */
  id?: string;
  ms: number;
  /** Milliseconds since the phase began. */
  at: number;
  /** performance.now() when it was sent. */
  startedAt: number;
}

export interface LoadOptions {
  reader: TestUser;
  writer: TestUser;
  readEveryMs?: number;
  writeEveryMs?: number;
}

export class OutageLoad {
  readonly answers: Answer[] = [];
  phase: Phase = 'before';
  private phaseStarted = performance.now();
  private running = true;
  private loops: Promise<void>[] = [];
  private written = 0;
  private writesPaused = false;
  private writing = false;

  constructor(private readonly options: LoadOptions) {}

  start(): this {
    const { reader, writer, readEveryMs = 100, writeEveryMs = 250 } = this.options;
    this.loops = [
      this.loop(readEveryMs, () => this.record('read', () => fetch(`${reader.api.baseUrl}/api/v1/timelines/home?limit=20`, { headers: { authorization: `Bearer ${reader.token}` }, signal: AbortSignal.timeout(60_000) }))),
      this.loop(writeEveryMs, async () => {
        if (this.writesPaused) return;
        const n = ++this.written;
        this.writing = true;
        await this.record('write', () =>
          fetch(`${writer.api.baseUrl}/api/v1/statuses`, {
            method: 'POST',
            headers: { authorization: `Bearer ${writer.token}`, 'content-type': 'application/json', 'idempotency-key': `outage-${process.pid}-${n}` },
            body: JSON.stringify({ status: `منشور أثناء العطل ${n}` }),
            signal: AbortSignal.timeout(60_000),
          }),
        );
        this.writing = false;
      }),
    ];
    return this;
  }

  /**
   * Warms the reader's page: writes pause, then one whole home read starts and succeeds after
   * the last write finished, so the page and everything it renders (the author, whose entry each
   * post evicts) was read since its last change. Writes resume with the next phase.
   */
  async settle(timeoutMs = 30_000): Promise<void> {
    this.writesPaused = true;
    const deadline = performance.now() + timeoutMs;
    while (this.writing) await delay(10);
    const after = performance.now();
    while (!this.answers.some((a) => a.kind === 'read' && a.status === 200 && a.startedAt >= after)) {
      if (performance.now() > deadline) throw new Error('no home read succeeded after the last write');
      await delay(20);
    }
  }

  enter(phase: Phase): void {
    this.writesPaused = false;
    this.phase = phase;
    this.phaseStarted = performance.now();
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(everyMs: number, once: () => Promise<void>): Promise<void> {
    while (this.running) {
      const started = performance.now();
      await once();
      await delay(Math.max(everyMs - (performance.now() - started), 0));
    }
  }

  private async record(kind: Answer['kind'], send: () => Promise<Response>): Promise<void> {
    const phase = this.phase;
    const started = performance.now();
    const at = started - this.phaseStarted;
    try {
      const res = await send();
      const text = await res.text();
      let error: string | undefined;
      if (res.status >= 400) error = (JSON.parse(text || '{}') as { error?: string }).error ?? text.slice(0, 200);
      const id = kind === 'write' && res.ok ? (JSON.parse(text) as { id?: string }).id : undefined;
      this.answers.push({ kind, phase, status: res.status, retryAfter: res.headers.get('retry-after'), error, id, ms: performance.now() - started, at, startedAt: started });
    } catch (error) {
      // No answer at all (connection refused or reset, or no answer within the client's timeout).
      this.answers.push({ kind, phase, status: 0, retryAfter: null, error: String(error), ms: performance.now() - started, at, startedAt: started });
    }
  }

  /** Answers counted by status, for one phase and kind (or all). */
  counts(filter: { phase?: Phase; kind?: Answer['kind'] } = {}): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const a of this.answers) {
      if (filter.phase && a.phase !== filter.phase) continue;
      if (filter.kind && a.kind !== filter.kind) continue;
      counts[a.status] = (counts[a.status] ?? 0) + 1;
    }
    return counts;
  }

  select(filter: { phase?: Phase; kind?: Answer['kind']; status?: number }): Answer[] {
    return this.answers.filter((a) => (!filter.phase || a.phase === filter.phase) && (!filter.kind || a.kind === filter.kind) && (filter.status === undefined || a.status === filter.status));
  }
}

/**
 * Milliseconds from now until the app is fully back: `/readyz` answers 200 and a post is
 * accepted. Polls every 50 ms; throws after `timeoutMs`.
 */
export async function timeToFullService(baseUrl: string, writer: TestUser, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  let ready = false;
  let posted = false;
  while (performance.now() - started < timeoutMs) {
    if (!ready) {
      const res = await fetch(`${baseUrl}/readyz`).catch(() => null);
      await res?.arrayBuffer();
      ready = res?.status === 200;
    }
    if (!posted) {
      const res = await fetch(`${baseUrl}/api/v1/statuses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${writer.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'back again' }),
      }).catch(() => null);
      await res?.arrayBuffer();
      posted = res?.status === 200;
    }
    if (ready && posted) return performance.now() - started;
    await delay(50);
  }
  throw new Error(`the app was not fully back within ${timeoutMs} ms (ready: ${ready}, posted: ${posted})`);
}
