// A probe agent's results that did not reach the status service (it was down, or the way to it
// was cut), kept to be delivered with the next push that gets through, so the location's history
// has no hole where the status service was away. Kept in a file too, so an agent restart loses
// nothing. Bounded: results older than BACKLOG_MAX_AGE_MS, or past BACKLOG_MAX_ENTRIES cycles,
// are dropped (oldest first). The status service files them as history, measured when they were,
// and never judges the present by them (stale results are no evidence of now).
import fs from 'node:fs';
import path from 'node:path';

/** How old a buffered result may be and still be delivered (the status service accepts no older). */
export const BACKLOG_MAX_AGE_MS = 60 * 60_000;
/** At most this many cycles are buffered (an hour at 5 s a cycle). */
export const BACKLOG_MAX_ENTRIES = 720;

export interface BacklogResult {
  component: string;
  ok: boolean;
  latency_ms: number;
  throttled?: boolean;
  error?: string;
}

export interface BacklogEntry {
  /** When the cycle ran, by the agent's clock (ms). */
  at: number;
  results: BacklogResult[];
}

export class Backlog {
  private entries: BacklogEntry[] = [];

  constructor(
    private readonly file: string | undefined,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    if (!file) return;
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      if (Array.isArray(parsed)) {
        this.entries = parsed.filter((e): e is BacklogEntry => typeof e === 'object' && e !== null && Number.isFinite((e as BacklogEntry).at) && Array.isArray((e as BacklogEntry).results));
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`probe agent: the backlog in ${file} could not be read, starting without it: ${(error as Error).message}`);
    }
  }

  /** What is still worth delivering at `now`, oldest first, with each cycle's age. */
  pending(now: number): { age_ms: number; results: BacklogResult[] }[] {
    this.trim(now);
    return this.entries.map((e) => ({ age_ms: Math.max(0, now - e.at), results: e.results }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** A cycle whose push failed. */
  add(entry: BacklogEntry, now: number): void {
    this.entries.push(entry);
    this.trim(now);
    this.save();
  }

  /** Everything was delivered. */
  clear(): void {
    if (this.entries.length === 0) return;
    this.entries = [];
    this.save();
  }

  private trim(now: number): void {
    this.entries = this.entries.filter((e) => now - e.at <= BACKLOG_MAX_AGE_MS).slice(-BACKLOG_MAX_ENTRIES);
  }

  /** Written beside and renamed over, so a crash mid-write leaves the last whole backlog. */
  private save(): void {
    if (!this.file) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(this.entries), { mode: 0o600 });
      fs.renameSync(temp, this.file);
    } catch (error) {
      this.log(`probe agent: could not keep the backlog in ${this.file}: ${(error as Error).message}`);
    }
  }
}
