// Turns a component's stream of probe outcomes into a status, with hysteresis: one failed or slow
// probe changes nothing; two failures in a row is a major outage; failures scattered through the
// recent window are a partial outage; mostly-slow probes are degraded performance. Coming back
// needs a run of good probes, so a flapping app shows as a partial outage rather than blinking.
// Pure: no I/O, no clock.
import { severity, type ComponentStatus } from './catalog.js';

export interface ProbeOutcome {
  ok: boolean;
  latencyMs: number;
  /**
   * The app answered 429: the probe was rate limited, so it learned only that the app is up and
   * busy. Never a failure (nor, however long it lasts, an outage); counted like a slow answer, so
   * sustained throttling shows as degraded performance at most.
   */
  throttled?: boolean;
  /** When the probe ran (ms); lets an incident start at its first failure. */
  at?: number;
}

export interface HealthOptions {
  /** A successful probe slower than this counts as slow. */
  slowMs: number;
  /** How many recent probes are remembered. */
  window: number;
}

export const defaultHealthOptions: HealthOptions = { slowMs: 2000, window: 6 };

export class ComponentHealth {
  private recent: ProbeOutcome[] = [];
  status: ComponentStatus = 'operational';

  constructor(private readonly options: HealthOptions = defaultHealthOptions) {}

  /**
   * Carries on from an earlier life: the stored status and the probes it was judged from (oldest
   * first). Without them a restart would judge its first failed probe alone and call an ongoing
   * outage over.
   */
  restore(status: ComponentStatus, outcomes: ProbeOutcome[]): void {
    this.recent = outcomes.slice(-this.options.window);
    this.status = status;
  }

  record(outcome: ProbeOutcome): ComponentStatus {
    this.recent.push(outcome);
    if (this.recent.length > this.options.window) this.recent.shift();
    const judged = this.judge();
    // Too little evidence to call anything better than what was last known (a restart whose
    // stored probes were pruned): one probe can no more end an outage than start one.
    if (this.recent.length >= 2 || severity(judged) >= severity(this.status)) this.status = judged;
    return this.status;
  }

  /** The first failed probe still in the window, while the component is failing; else undefined. */
  failingSince(): number | undefined {
    if (this.status !== 'partial_outage' && this.status !== 'major_outage') return undefined;
    return this.recent.find((o) => !o.ok)?.at;
  }

  private judge(): ComponentStatus {
    const n = this.recent.length;
    let failuresInARow = 0;
    for (let i = n - 1; i >= 0 && !this.recent[i]!.ok; i--) failuresInARow++;
    if (failuresInARow >= 2) return 'major_outage';
    const failures = this.recent.filter((o) => !o.ok).length;
    if (failures >= 2) return 'partial_outage';
    const lastFive = this.recent.slice(-5);
    const slow = lastFive.filter((o) => o.ok && (o.throttled || o.latencyMs > this.options.slowMs)).length;
    if (slow >= 3) return 'degraded_performance';
    return 'operational';
  }
}
