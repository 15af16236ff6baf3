// Outage detection from problem reports: pure, no I/O, time passed in explicitly (milliseconds since
// epoch). The service feeds it live reports; `npm run status:replay` feeds it a file. Both get the
// same answers for the same input.
//
// Per region (and for the whole WORLD) reports land in one-minute buckets; the sliding five-minute
// window is compared with what that region usually sees at that hour of the week (see baseline.ts)
// using a Poisson-style threshold (see thresholds.ts). A region opens when its window crosses the
// threshold and resolves once its window has stayed under a lower "clear" line for a quiet period.
import type { BaselineOptions } from './baseline.js';
import { PROBLEMS, WORLD, type Problem } from './problems.js';
import { RegionState } from './region-state.js';
import { clearThreshold, openThreshold, type ThresholdOptions } from './thresholds.js';

const MINUTE = 60_000;
const P = PROBLEMS.length;

export interface DetectorOptions extends BaselineOptions, ThresholdOptions {
  windowMinutes: number;
  /** Minimum window count for the WORLD aggregate (it is noisier in absolute terms). */
  worldFloor: number;
  /** A region resolves after its window has stayed under the clear line this long. */
  quietMinutes: number;
  /**
   * Until a region has this many hours of history it has no usual volume to speak of: its floor is
   * multiplied by `warmupFloorFactor` and its observed rate so far stands in for the baseline.
   */
  warmupHours: number;
  warmupFloorFactor: number;
  /** A problem is named in an event when it makes up at least this share of the reports. */
  problemShare: number;
  /** Time constant (minutes) of the recent level that stands in when a region runs hot all hour. */
  levelMinutes: number;
}

export const defaultDetectorOptions: DetectorOptions = {
  windowMinutes: 5,
  z: 5,
  clearZ: 2,
  floor: 12,
  worldFloor: 25,
  quietMinutes: 15,
  warmupHours: 24,
  warmupFloorFactor: 3,
  weeklyAlpha: 0.25,
  dailyAlpha: 0.1,
  problemShare: 0.2,
  levelMinutes: 30,
};

export interface DetectionEvent {
  at: number;
  event: 'opened' | 'resolved';
  region: string;
  problems: Problem[];
}

export interface OpenRegion {
  region: string;
  openedAt: number;
  problems: Problem[];
}

const NONE: DetectionEvent[] = [];

export class OutageDetector {
  private readonly options: DetectorOptions;
  private readonly regions = new Map<string, RegionState>();
  private readonly world: RegionState;
  private nowMs = -Infinity;
  private minute = -1;
  private hour = -1;
  private openCount = 0;
  private events: DetectionEvent[] = [];

  constructor(options: Partial<DetectorOptions> = {}) {
    this.options = { ...defaultDetectorOptions, ...options };
    this.world = new RegionState(WORLD, this.options.worldFloor, this.options);
  }

  /** Feeds one report. `problem` is an index into PROBLEMS. Returns the events it caused. */
  observe(at: number, region: string, problem: number): DetectionEvent[] {
    this.step(at);
    let state = this.regions.get(region);
    if (!state) {
      state = new RegionState(region, this.options.floor, this.options);
      this.refreshThresholds(state);
      this.regions.set(region, state);
    }
    this.count(state, problem);
    this.count(this.world, problem);
    return this.flush();
  }

  /** Moves time forward without a report, so spikes can resolve during silence. */
  advance(at: number): DetectionEvent[] {
    this.step(at);
    return this.flush();
  }

  get now(): number {
    return this.nowMs;
  }

  openRegions(): OpenRegion[] {
    const out: OpenRegion[] = [];
    for (const s of [this.world, ...this.regions.values()]) {
      if (s.open) out.push({ region: s.region, openedAt: s.openedAt, problems: s.openProblems });
    }
    return out;
  }

  /** Reports in a region's (or WORLD's) current window: how many are speaking up right now. */
  windowCount(region: string): number {
    const state = region === WORLD ? this.world : this.regions.get(region);
    return state ? state.ring.total(this.minute) : 0;
  }

  /** Reports a region usually sees in the current hour (for display and tests). */
  usualPerHour(region: string): number {
    return (region === WORLD ? this.world : this.regions.get(region))?.usualHourly ?? 0;
  }

  private count(state: RegionState, problem: number): void {
    state.ring.add(this.minute, problem);
    state.hourCount++;
    state.seen++;
    if (state.firstMinute < 0) state.firstMinute = this.minute;
    if (state.open) state.sinceOpen[problem]!++;
    this.evaluate(state, this.nowMs);
  }

  private evaluate(state: RegionState, at: number): void {
    const total = state.ring.total(this.minute);
    if (state.baseline.hoursLearned < this.options.warmupHours) this.warmupThresholds(state, total);
    // Early in an hour the window still holds minutes of the previous one: a busy hour followed
    // by a quiet one must not look like a spike, so judge by the more lenient of the two.
    const straddles = this.minute % 60 < this.options.windowMinutes;
    let openAt = straddles ? Math.max(state.openAt, state.prevOpenAt) : state.openAt;
    let clearAt = straddles ? Math.max(state.clearAt, state.prevClearAt) : state.clearAt;
    // The recent level below can only raise the bar: a closed region under it needs no more work
    // (the common case, and the replay's hot path).
    if (!state.open && total <= openAt) return;
    // A region running hot all hour (a news evening) is judged against how it has been running,
    // so only a sudden jump counts. Slowly building trouble is left to the probes.
    const recent = state.recentWindow(this.minute, this.options);
    if (recent > state.usualWindow) {
      const dispersion = 1 + state.dispersionShare * recent;
      openAt = Math.max(openAt, openThreshold(recent, dispersion, this.options, state.floor));
      clearAt = Math.max(clearAt, clearThreshold(recent, dispersion, this.options, state.floor));
    }
    if (!state.open) {
      if (total > openAt) this.open(state, at);
      return;
    }
    if (total > clearAt) {
      state.quietSince = -1;
    } else if (state.quietSince < 0) {
      state.quietSince = at;
    } else if (at - state.quietSince >= this.options.quietMinutes * MINUTE) {
      this.resolve(state, at);
    }
  }

  private open(state: RegionState, at: number): void {
    const counts = state.ring.problemCounts(this.minute);
    state.open = true;
    state.openedAt = at;
    state.quietSince = -1;
    state.spikedThisHour = true;
    state.sinceOpen.set(counts);
    state.openProblems = this.namedProblems(counts);
    this.openCount++;
    this.events.push({ at, event: 'opened', region: state.region, problems: state.openProblems });
  }

  private resolve(state: RegionState, at: number): void {
    state.open = false;
    this.openCount--;
    const problems = this.namedProblems(Array.from(state.sinceOpen));
    this.events.push({ at, event: 'resolved', region: state.region, problems });
  }

  private namedProblems(counts: ArrayLike<number>): Problem[] {
    let total = 0;
    for (let p = 0; p < P; p++) total += counts[p]!;
    const named: Problem[] = [];
    const order = PROBLEMS.map((_, p) => p).sort((a, b) => counts[b]! - counts[a]!);
    for (const p of order) {
      if (counts[p]! > 0 && (named.length === 0 || counts[p]! >= total * this.options.problemShare)) {
        named.push(PROBLEMS[p]!);
      }
    }
    return named;
  }

  private step(at: number): void {
    // Reports that arrive slightly out of order are counted as "now": time never runs backwards.
    if (at <= this.nowMs) return;
    const target = Math.floor(at / MINUTE);
    if (this.minute < 0) {
      this.minute = target;
      this.hour = Math.floor(target / 60);
    }
    while (this.minute < target) {
      if (this.openCount === 0) {
        // Nothing can resolve, so jump straight there; only the hourly learning must catch up.
        this.minute = target;
      } else {
        this.minute++;
      }
      const hour = Math.floor(this.minute / 60);
      if (hour !== this.hour) this.rollHours(hour);
      if (this.openCount > 0) this.evaluateOpen(this.minute * MINUTE);
    }
    this.nowMs = at;
  }

  private evaluateOpen(at: number): void {
    if (this.world.open) this.evaluate(this.world, at);
    for (const s of this.regions.values()) if (s.open) this.evaluate(s, at);
  }

  private rollHours(hour: number): void {
    // Learn at most two weeks of silent hours; a longer gap says nothing more about usual volume.
    const firstSilent = Math.max(this.hour + 1, hour - 336);
    for (const s of [this.world, ...this.regions.values()]) {
      this.learnHour(s, this.hour, s.hourCount);
      for (let h = firstSilent; h < hour; h++) s.baseline.learn(h, 0);
      s.hourCount = 0;
      s.spikedThisHour = s.open;
    }
    this.hour = hour;
    for (const s of [this.world, ...this.regions.values()]) this.refreshThresholds(s);
  }

  private learnHour(state: RegionState, hour: number, count: number): void {
    if (state.spikedThisHour) {
      // An outage hour would teach the baseline that outages are normal. Clamp it to the most an
      // hour could hold without alarming instead of dropping it: a lasting rise in traffic is still
      // absorbed, and a baseline that started too low (say zero) can still climb.
      count = Math.min(count, (state.openAt * 60) / this.options.windowMinutes);
    }
    state.baseline.learn(hour, count);
  }

  private refreshThresholds(state: RegionState): void {
    const o = this.options;
    const usual = state.baseline.expect(this.hour);
    const mean = (usual.mean * o.windowMinutes) / 60;
    const dispersion = usual.uncertainty + usual.cv2 * mean;
    state.usualHourly = usual.mean;
    state.usualWindow = mean;
    state.dispersionShare = usual.cv2;
    state.prevOpenAt = state.openAt === Infinity ? 0 : state.openAt;
    state.prevClearAt = state.clearAt;
    state.openAt = openThreshold(mean, dispersion, o, state.floor);
    state.clearAt = clearThreshold(mean, dispersion, o, state.floor);
  }

  private warmupThresholds(state: RegionState, inWindow: number): void {
    const o = this.options;
    // The average rate seen before the window being judged (over at least an hour, so the first
    // few reports do not set it), tripled because a daily peak runs at about twice the daily
    // average, with noise on top. Excluding the window keeps a spike from raising its own bar.
    const minutes = Math.max(60, this.minute - state.firstMinute + 1);
    const observed = (3 * (state.seen - inWindow) * o.windowMinutes) / minutes;
    const usual = state.baseline.expect(this.hour);
    const mean = Math.max(observed, (usual.mean * o.windowMinutes) / 60);
    const dispersion = 3 + 0.25 * mean;
    const floor = state.floor * o.warmupFloorFactor;
    state.usualHourly = (mean * 60) / o.windowMinutes;
    state.usualWindow = mean;
    state.dispersionShare = 0.25;
    state.openAt = openThreshold(mean, dispersion, o, floor);
    state.clearAt = clearThreshold(mean, dispersion, o, floor);
  }

  private flush(): DetectionEvent[] {
    if (this.events.length === 0) return NONE;
    const out = this.events;
    this.events = [];
    return out;
  }
}
