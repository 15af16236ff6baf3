// What a region (or WORLD) learns at each hour's end, and the hour's open and clear lines that
// follow from its baseline (or, during its first day, from what it has seen so far).
import type { DetectorOptions } from './options.js';
import type { RegionState } from './region-state.js';
import { clearThreshold, openThreshold } from './thresholds.js';

export function learnHour(state: RegionState, hour: number, count: number, o: DetectorOptions): void {
  if (state.spikedThisHour) {
    // An outage hour would teach the baseline that outages are normal. Clamp it to the most an
    // hour could hold without alarming instead of dropping it: a lasting rise in traffic is still
    // absorbed, and a baseline that started too low (say zero) can still climb.
    // A region past its first day learns at most twice its usual hour (plus two reports).
    const young = state.baseline.hoursLearned < o.warmupHours;
    count = Math.min(count, young ? (state.openAt * 60) / o.windowMinutes : 2 * state.rate * 60 + 2);
  }
  state.baseline.learn(hour, count);
}

export function refreshThresholds(state: RegionState, hour: number, o: DetectorOptions): void {
  const usual = state.baseline.expect(hour);
  const mean = (usual.mean * o.windowMinutes) / 60;
  const dispersion = usual.uncertainty + usual.cv2 * mean;
  state.usualHourly = usual.mean;
  state.usualWindow = mean;
  state.dispersionShare = usual.cv2;
  state.prevOpenAt = state.openAt === Infinity ? 0 : state.openAt;
  state.prevClearAt = state.clearAt;
  state.openAt = openThreshold(mean, dispersion, o, state.floor);
  state.clearAt = clearThreshold(mean, dispersion, o, state.floor);
  state.setExpectation(usual);
}

export function warmupThresholds(state: RegionState, minute: number, hour: number, inWindow: number, o: DetectorOptions): void {
  // The average rate seen before the window being judged (over at least an hour, so the first
  // few reports do not set it), tripled because a daily peak runs at about twice the daily
  // average, with noise on top. Excluding the window keeps a spike from raising its own bar.
  const minutes = Math.max(60, minute - state.firstMinute + 1);
  const observed = (3 * (state.seen - inWindow) * o.windowMinutes) / minutes;
  const usual = state.baseline.expect(hour);
  const mean = Math.max(observed, (usual.mean * o.windowMinutes) / 60);
  const dispersion = 3 + 0.25 * mean;
  const floor = state.floor * o.warmupFloorFactor;
  state.usualHourly = (mean * 60) / o.windowMinutes;
  state.usualWindow = mean;
  state.dispersionShare = 0.25;
  state.openAt = openThreshold(mean, dispersion, o, floor);
  state.clearAt = clearThreshold(mean, dispersion, o, floor);
}
