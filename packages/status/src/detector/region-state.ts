// Everything the detector keeps about one region (or WORLD): its minute ring, its learned
// baseline, the cached thresholds for the current hour, its recent level and its open state.
import { Baseline } from './baseline.js';
import type { DetectorOptions } from './detector.js';
import { PROBLEMS, type Problem } from './problems.js';
import { MinuteRing } from './series.js';

const P = PROBLEMS.length;

export class RegionState {
  readonly ring: MinuteRing;
  readonly baseline: Baseline;
  hourCount = 0;
  spikedThisHour = false;
  open = false;
  openedAt = 0;
  openProblems: Problem[] = [];
  quietSince = -1;
  readonly sinceOpen = new Int32Array(P);
  // Thresholds only change when the hour (and so the baseline) changes: cache them.
  openAt = Infinity;
  clearAt = 0;
  prevOpenAt = 0;
  prevClearAt = 0;
  usualHourly = 0;
  firstMinute = -1;
  seen = 0;
  // Exponentially weighted reports per minute over the minutes that have left the window: how hot
  // the region has been running lately, excluding the window being judged.
  level = 0;
  levelMinute = 0;
  usualWindow = 0;
  dispersionShare = 0;

  constructor(
    readonly region: string,
    readonly floor: number,
    options: DetectorOptions,
  ) {
    this.ring = new MinuteRing(options.windowMinutes);
    this.baseline = new Baseline(options);
    const decayPerMinute = 1 / options.levelMinutes;
    this.ring.onEvict = (minute, count) => {
      // Outage minutes must not raise the level, or a second wave would be judged against the first.
      const c = this.open ? Math.min(count, this.usualWindow / options.windowMinutes) : count;
      this.level = this.level * Math.exp(-(minute - this.levelMinute) * decayPerMinute) + c * decayPerMinute;
      this.levelMinute = minute;
    };
  }

  /** Recent level as expected reports in a window ending at `minute`. */
  recentWindow(minute: number, o: DetectorOptions): number {
    const age = minute - o.windowMinutes - this.levelMinute;
    return this.level * Math.exp(-Math.max(0, age) / o.levelMinutes) * o.windowMinutes;
  }
}
