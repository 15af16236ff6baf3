// The probe loop: every interval, sign in as the probe account, then exercise every other
// component in parallel, feed each outcome to that component's health (hysteresis) and tell the
// listener about status changes and about the cycle as a whole.
import { COMPONENT_IDS, type ComponentId, type ComponentStatus } from '../components/catalog.js';
import { ComponentHealth, type HealthOptions } from '../components/health.js';
import type { ProbeRecord } from '../components/store.js';
import type { ProbeOutcome } from '../components/health.js';
import { CHECKS } from './checks.js';
import type { AppClient } from './http.js';
import { runCheck } from './run-check.js';
import type { ProbeAccount } from './probe-account.js';

export interface ProbeListener {
  /** Called once per cycle with every outcome and the statuses after it. */
  onCycle(records: ProbeRecord[], statuses: Map<ComponentId, ComponentStatus>, changed: Map<ComponentId, ComponentStatus>): Promise<void>;
}

export interface ProbeRunnerOptions {
  intervalMs: number;
  timeoutMs: number;
  health: HealthOptions;
  clock: () => number;
  log: (message: string, extra?: object) => void;
}

export class ProbeRunner {
  private readonly health = new Map<ComponentId, ComponentHealth>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  // Set by stop(): a cycle still running then must not report (tests also run cycles by hand on a
  // runner that was never started, which must report).
  private halted = false;
  private lastToken: string | undefined;

  constructor(
    private readonly client: AppClient,
    private readonly account: ProbeAccount,
    private readonly listener: ProbeListener,
    private readonly options: ProbeRunnerOptions,
    initial: Map<ComponentId, ComponentStatus> = new Map(),
    history: Map<ComponentId, ProbeOutcome[]> = new Map(),
  ) {
    for (const id of COMPONENT_IDS) {
      const h = new ComponentHealth(options.health);
      h.restore(initial.get(id) ?? 'operational', history.get(id) ?? []);
      this.health.set(id, h);
    }
  }

  start(): void {
    this.stopped = false;
    this.halted = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halted = true;
    clearTimeout(this.timer);
    await this.running;
  }

  statuses(): Map<ComponentId, ComponentStatus> {
    return new Map([...this.health].map(([id, h]) => [id, h.status]));
  }

  /** Per failing component, its first failed probe in the judged window. */
  failingSince(): Map<ComponentId, number> {
    const out = new Map<ComponentId, number>();
    for (const [id, h] of this.health) {
      const at = h.failingSince();
      if (at !== undefined) out.set(id, at);
    }
    return out;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const started = Date.now();
      this.running = this.cycle()
        .catch((error) => this.options.log('probe cycle failed', { err: String(error) }))
        .finally(() => this.schedule(Math.max(0, this.options.intervalMs - (Date.now() - started))));
    }, delayMs);
    this.timer.unref?.();
  }

  /** One probe cycle; public so tests and the first start-up can run it directly. */
  async cycle(): Promise<void> {
    const signIn = await this.timed('sign_in', async () => {
      this.lastToken = await this.account.signIn();
    });
    // No account on purpose: a token from an earlier life of the app would only fail.
    if (signIn === null) this.lastToken = undefined;
    const ctx = { client: this.client, token: this.lastToken, accountPending: signIn === null, timeoutMs: this.options.timeoutMs };
    const others = await Promise.all(
      (Object.keys(CHECKS) as (keyof typeof CHECKS)[]).map((id) => this.timed(id, () => CHECKS[id](ctx))),
    );
    const records = [signIn, ...others].filter((r): r is ProbeRecord => r !== null);
    const changed = new Map<ComponentId, ComponentStatus>();
    for (const r of records) {
      const h = this.health.get(r.component)!;
      const before = h.status;
      const after = h.record({ ok: r.ok, latencyMs: r.latencyMs, throttled: r.throttled, at: r.at });
      if (after !== before) changed.set(r.component, after);
    }
    if (this.halted) return;
    await this.listener.onCycle(records, this.statuses(), changed);
  }

  private timed(component: ComponentId, run: () => Promise<void>): Promise<ProbeRecord | null> {
    return runCheck(component, run, this.options.timeoutMs, this.options.clock);
  }
}
