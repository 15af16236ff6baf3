// Everything the detector keeps about one region (or WORLD): its minute ring, its learned
// baseline, the critical counts for the current hour, its recent level, where its reports come
// from, and its open state.
import { Baseline, type HourlyExpectation } from './baseline.js';
import type { DetectorOptions } from './options.js';
import { cusumBase, cusumRise, RiseCusum } from './cusum.js';
import { criticalCounts, evidence, type CountModel } from './evidence.js';
import { PROBLEMS, WORLD, type Problem } from './problems.js';
import { MinuteRing } from './series.js';

const P = PROBLEMS.length;
const UNSET = 0x3fffffff;

/** The size of the rate's Gamma uncertainty: prior pseudo-reports plus what the samples hold. */
export function countModel(ratePerMinute: number, minutes: number, shape: number, cv2: number): CountModel {
  return { mean: ratePerMinute * minutes, size: 1 / (1 / shape + cv2) };
}

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
  // Warm-up thresholds (first day) and the clear line on the five-minute window.
  openAt = Infinity;
  clearAt = 0;
  prevOpenAt = 0;
  prevClearAt = 0;
  usualHourly = 0;
  firstMinute = -1;
  seen = 0;
  // Exponentially weighted reports per minute over the minutes that have left the ring: how hot
  // the region has been running lately, excluding the minutes being judged.
  level = 0;
  levelMinute = 0;
  usualWindow = 0;
  dispersionShare = 0;
  /** The hour's expected rate (per minute) and its uncertainty, from the baseline. */
  rate = 0;
  /** The previous hour's rate: a window early in an hour still holds minutes of it. */
  prevRate = 0;
  shape = 1;
  /** Accumulated evidence of a rise (cusum.ts), natural-log units. */
  readonly cusum = new RiseCusum();
  /** The same, tuned to a smaller rise: consulted only while the outage is visible elsewhere. */
  readonly relatedCusum = new RiseCusum();
  /** The usual rate (a minute) the CUSUMs last judged against: sets the related bar. */
  cusumBaseNow = 0;
  /** When the region last resolved: its recent level was held at the baseline while it was open. */
  resolvedAt = -Infinity;
  cv2 = 0;
  /**
   * Per window (options.windows), the smallest count that is evidence enough: [alone, related]
   * pairs, for this hour, the previous hour (a window can straddle both) and the recent level.
   */
  readonly crit: Int32Array;
  readonly prevCrit: Int32Array;
  readonly levelCrit: Int32Array;
  levelCritMinute = -1;
  readonly ages: Int32Array;
  /** Minutes in which each recent source place was counted, to cap what one place can add. */
  readonly places = new Map<string, number[]>();

  constructor(
    readonly region: string,
    readonly floor: number,
    private readonly options: DetectorOptions,
  ) {
    const size = Math.max(options.windowMinutes, ...options.windows);
    this.ring = new MinuteRing(size);
    this.ages = new Int32Array(size);
    this.crit = new Int32Array(options.windows.length * 2).fill(UNSET);
    this.prevCrit = new Int32Array(this.crit);
    this.levelCrit = new Int32Array(this.crit);
    this.baseline = new Baseline(region === WORLD ? { ...options, cv2Floor: 0 } : options);
    const decayPerMinute = 1 / options.levelMinutes;
    this.ring.onEvict = (minute, count) => {
      // Outage minutes must not raise the level, or a second wave would be judged against the first;
      // and a closed region's level climbs at most 1.5× its usual rate (+1) a minute, so that a slow
      // outage still unproven after ten minutes is not absorbed as "running hot" (a holiday or a
      // growing user base stays well inside that).
      const c = Math.min(count, this.open ? this.rate : 1.5 * this.rate + 1);
      this.level = this.level * Math.exp(-(minute - this.levelMinute) * decayPerMinute) + c * decayPerMinute;
      this.levelMinute = minute;
    };
  }

  /** Recent level as expected reports in a window ending at `minute`. */
  recentWindow(minute: number, o: DetectorOptions): number {
    return this.recentRate(minute) * o.windowMinutes;
  }

  /** Recent level in reports per minute, decayed to `minute`. */
  recentRate(minute: number): number {
    const age = minute - this.ring.size - this.levelMinute;
    return this.level * Math.exp(-Math.max(0, age) / this.options.levelMinutes);
  }

  /** Takes the hour's expectation: keeps the previous hour's critical counts for straddling windows. */
  setExpectation(usual: HourlyExpectation): void {
    const o = this.options;
    this.prevCrit.set(this.crit);
    this.prevRate = this.rate;
    // Gamma posterior of the hourly rate: a prior worth `priorHours` hours at `priorPerHour`,
    // plus the samples the baseline rests on. Few samples, small shape, wide tails.
    const shape = o.priorHours * o.priorPerHour + usual.samples * usual.mean;
    const hours = o.priorHours + usual.samples;
    this.rate = (shape / hours) / 60;
    this.shape = shape;
    this.cv2 = usual.cv2;
    this.fillCrit(this.crit, this.rate, this.shape);
    // A region's first hour has no previous one to straddle.
    if (this.prevCrit[0] === UNSET) this.prevCrit.set(this.crit);
    this.levelCritMinute = -1;
  }

  /** Critical counts when the region runs above its baseline (decided once a minute). */
  critNow(minute: number): Int32Array {
    if (this.levelCritMinute !== minute) {
      this.levelCritMinute = minute;
      const recent = this.recentRate(minute);
      // The level rests on about levelMinutes minutes of counts: that is its own uncertainty.
      if (recent > this.rate * 1.05) this.fillCrit(this.levelCrit, recent, Math.min(this.shape, 1 + recent * this.options.levelMinutes));
      else this.levelCrit.set(this.crit);
      const straddles = minute % 60;
      const w = this.options.windows;
      for (let i = 0; i < w.length; i++) {
        if (straddles >= w[i]!) continue;
        this.levelCrit[2 * i] = Math.max(this.levelCrit[2 * i]!, this.prevCrit[2 * i]!);
        this.levelCrit[2 * i + 1] = Math.max(this.levelCrit[2 * i + 1]!, this.prevCrit[2 * i + 1]!);
      }
    }
    return this.levelCrit;
  }

  /** True when one of the windows ending at `minute` holds a count at its bar (alone, or `related`). */
  windowsReach(minute: number, related: boolean): boolean {
    const w = this.options.windows;
    const col = related ? 1 : 0;
    const ages = this.ring.byAge(minute, this.ages);
    // Cheap test against the hour's counts first: a higher recent level can only raise the bar.
    let crit = this.crit;
    for (let pass = 0; pass < 2; pass++) {
      let total = 0;
      let age = 0;
      let any = false;
      for (let i = 0; i < w.length; i++) {
        while (age < w[i]!) total += ages[age++]!;
        if (total >= crit[2 * i + col]!) {
          any = true;
          break;
        }
      }
      if (!any) return false;
      crit = this.critNow(minute);
    }
    return true;
  }

  /**
   * Folds a counted report at `at` into the rise CUSUMs; returns the lone one's statistic. `lift`
   * (see RiseCusum.report) weighs the related one by how like the open outage's reports it is.
   */
  riseReport(at: number, minute: number, lift = 1): number {
    const o = this.options;
    let usual = Math.max(this.rate, this.recentRate(minute));
    if (minute % 60 < o.cusumStraddleMinutes) usual = Math.max(usual, this.prevRate);
    const base = cusumBase(usual, this.shape, this.cv2, o.cusumMargin, o.cusumFloor);
    this.cusumBaseNow = base;
    this.relatedCusum.report(at, base, o.cusumRelatedRise, lift);
    const lone = o.cusumLoneMargin === o.cusumMargin ? base : cusumBase(usual, this.shape, this.cv2, o.cusumLoneMargin, o.cusumFloor);
    return this.cusum.report(at, lone, cusumRise(lone, o));
  }

  /** The strongest evidence (−log10 p) across the windows ending at `minute`. */
  evidenceAt(minute: number): number {
    const ages = this.ring.byAge(minute, this.ages);
    const recent = Math.max(this.rate, this.recentRate(minute));
    let best = 0;
    let total = 0;
    let age = 0;
    for (const w of this.options.windows) {
      while (age < w) total += ages[age++]!;
      best = Math.max(best, evidence(total, countModel(recent, w, this.shape, this.cv2)));
    }
    return best;
  }

  /** False when `place` has already added its share to the evidence in the current ring. */
  admit(place: string, minute: number, cap: number): boolean {
    let minutes = this.places.get(place);
    if (!minutes) {
      minutes = [];
      this.places.set(place, minutes);
    }
    const oldest = minute - this.ring.size;
    while (minutes.length > 0 && minutes[0]! <= oldest) minutes.shift();
    if (minutes.length >= cap) return false;
    minutes.push(minute);
    return true;
  }

  /** How many more reports `place` may add to the evidence in the ring ending at `minute`. */
  placeRoom(place: string, minute: number, cap: number): number {
    const minutes = this.places.get(place);
    if (!minutes) return cap;
    let used = 0;
    for (const m of minutes) if (m > minute - this.ring.size) used++;
    return Math.max(0, cap - used);
  }

  /** Distinct places heard from in the ring ending at `minute`. */
  placesAt(minute: number): number {
    let n = 0;
    for (const minutes of this.places.values()) if (minutes.length > 0 && minutes[minutes.length - 1]! > minute - this.ring.size) n++;
    return n;
  }

  prunePlaces(minute: number): void {
    for (const [place, minutes] of this.places) {
      if (minutes.length === 0 || minutes[minutes.length - 1]! <= minute - this.ring.size) this.places.delete(place);
    }
  }

  private fillCrit(out: Int32Array, ratePerMinute: number, shape: number): void {
    const o = this.options;
    const w = o.windows;
    for (let i = 0; i < w.length; i++) {
      const relatedBar = this.region === WORLD ? o.worldRelatedBar : o.relatedBar;
      const [alone, related] = criticalCounts(countModel(ratePerMinute, w[i]!, shape, this.cv2), [o.evidenceBar, relatedBar]);
      out[2 * i] = Math.max(alone!, o.minReports);
      out[2 * i + 1] = Math.max(related!, o.minRelatedReports);
    }
  }
}
