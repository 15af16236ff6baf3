// Keeps the status service (packages/status) running beside the app, as its own process:
// restarts it with backoff when it dies, and at start-up deals with a service already holding
// the port instead of failing on it. The service leaves `status.pid` in its data directory
// (pid, port, the app process that supervises it): an orphan (its supervisor is gone, e.g. the
// app was SIGKILLed) is stopped and replaced by this app's own child; a service someone runs on
// purpose (`npm run status:start`) or one another live app supervises is adopted: watched, and
// replaced by our own child only once it is gone.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type StatusServiceState = 'starting' | 'running' | 'restarting' | 'adopted' | 'stopped';

export interface StatusSupervisorOptions {
  /** packages/status/src/main.ts */
  entry: string;
  /** The child's environment (STATUS_DATA_DIR, APP_URL…). */
  env: NodeJS.ProcessEnv;
  /** The service's data directory, where it writes status.pid. */
  dataDir: string;
  /** Where the service answers /healthz. */
  healthUrl: string;
  log?: (line: string) => void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A child that ran this long was healthy: the next restart starts the backoff over. */
  stableAfterMs?: number;
  watchEveryMs?: number;
}

interface PidFile {
  pid: number;
  port: number;
  supervisor: number | null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** On Linux, whether the process really is a status service (a pid may have been reused). */
function looksLikeStatusService(pid: number): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return /status/.test(cmdline);
  } catch {
    return alive(pid);
  }
}

export class StatusSupervisor {
  private child: ChildProcess | undefined;
  private current: StatusServiceState = 'starting';
  private restarts = 0;
  private failuresInARow = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private adopted: number | undefined;
  private readonly log: (line: string) => void;

  constructor(private readonly options: StatusSupervisorOptions) {
    this.log = options.log ?? ((line) => console.error(line));
  }

  state(): { state: StatusServiceState; pid: number | null; restarts: number } {
    return { state: this.current, pid: this.child?.pid ?? this.adopted ?? null, restarts: this.restarts };
  }

  async start(): Promise<void> {
    await this.launch();
  }

  async stop(timeoutMs = 5000): Promise<void> {
    this.stopping = true;
    this.current = 'stopped';
    clearTimeout(this.timer);
    const child = this.child;
    // An adopted service is not ours to stop.
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  private readPidFile(): PidFile | undefined {
    try {
      const parsed = JSON.parse(fs.readFileSync(path.join(this.options.dataDir, 'status.pid'), 'utf8')) as PidFile;
      return Number.isInteger(parsed.pid) && parsed.pid > 0 ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  private async healthy(): Promise<'ok' | 'other' | 'none'> {
    try {
      const response = await fetch(this.options.healthUrl, { signal: AbortSignal.timeout(2000) });
      const body = (await response.json().catch(() => ({}))) as { status?: string };
      return response.ok && body.status === 'ok' ? 'ok' : 'other';
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      return code === 'ECONNREFUSED' ? 'none' : 'other';
    }
  }

  private async launch(): Promise<void> {
    if (this.stopping) return;
    const held = this.readPidFile();
    if (held && held.pid !== process.pid && alive(held.pid) && looksLikeStatusService(held.pid)) {
      const supervised = held.supervisor !== null && held.supervisor !== process.pid && alive(held.supervisor);
      if (supervised || held.supervisor === null) return this.adopt(held.pid, supervised ? `supervised by process ${held.supervisor}` : 'started on its own');
      await this.replaceOrphan(held.pid);
    } else if ((await this.healthy()) === 'ok') {
      // Something answers as a status service on our port without a pid file we can trust.
      return this.adopt(undefined, 'found answering on its port');
    }
    this.spawnChild();
  }

  private adopt(pid: number | undefined, why: string): void {
    this.current = 'adopted';
    this.adopted = pid;
    this.log(`status service already running${pid ? ` (pid ${pid})` : ''}, ${why}: adopted, not started again`);
    let misses = 0;
    const watch = async () => {
      if (this.stopping) return;
      const gone = pid !== undefined ? !alive(pid) : (await this.healthy()) !== 'ok' && ++misses >= 2;
      if (!gone) {
        this.timer = setTimeout(() => void watch(), this.options.watchEveryMs ?? 5000);
        this.timer.unref();
        return;
      }
      this.log('the adopted status service is gone: starting our own');
      this.adopted = undefined;
      void this.launch();
    };
    this.timer = setTimeout(() => void watch(), this.options.watchEveryMs ?? 5000);
    this.timer.unref();
  }

  private async replaceOrphan(pid: number): Promise<void> {
    this.log(`replacing an orphaned status service (pid ${pid}, its app is gone)`);
    process.kill(pid, 'SIGTERM');
    for (const [signal, waitMs] of [['SIGKILL', 10_000], [undefined, 5000]] as const) {
      const deadline = Date.now() + waitMs;
      while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      if (!alive(pid)) return;
      if (signal) process.kill(pid, signal);
    }
  }

  private spawnChild(): void {
    if (this.stopping) return;
    this.current = this.restarts > 0 ? 'restarting' : 'starting';
    const startedAt = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', this.options.entry], {
      stdio: 'inherit',
      env: { ...this.options.env, SIRB_STATUS_SUPERVISOR: String(process.pid) },
    });
    this.child = child;
    // Running once it answers its health check (polled briefly; a failed start ends in 'exit').
    const confirm = async () => {
      for (let i = 0; i < 120 && this.child === child && child.exitCode === null && !this.stopping; i++) {
        if ((await this.healthy()) === 'ok') {
          this.current = 'running';
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    void confirm();
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (this.stopping) return;
      if (Date.now() - startedAt >= (this.options.stableAfterMs ?? 60_000)) this.failuresInARow = 0;
      const delay = Math.min(this.options.maxDelayMs ?? 30_000, (this.options.baseDelayMs ?? 500) * 2 ** this.failuresInARow);
      this.failuresInARow++;
      this.restarts++;
      this.current = 'restarting';
      this.log(`status service exited (${signal ?? code}); restarting it in ${(delay / 1000).toFixed(1)} s`);
      this.timer = setTimeout(() => void this.launch(), delay);
      this.timer.unref();
    });
  }
}
