// Outage detection from problem reports: pure, no I/O, time passed in explicitly (milliseconds since
// epoch). The service feeds it live reports; `npm run status:replay` feeds it a file. Both get the
// same answers for the same input.
//
// Per region (and for the whole WORLD) reports land in one-minute buckets. On every report the
// windows of the last 1, 2, 3, 5 and 10 minutes are each tested against what that region usually
// sees at that hour of the week (baseline.ts): the evidence is the negative-binomial tail
// probability of the count (evidence.ts), so three reports where 0.05 are usual count for a lot
// and thirty where twenty are usual for little. Short windows catch a sharp rise at once; longer
// ones let evidence accumulate for a slow one. A region opens when one window's evidence passes
// `evidenceBar`; a lower `relatedBar` applies while the outage is already visible elsewhere
// (WORLD open, or two other regions open), since a region rising then is almost surely part of it.
// Beside the windows a rise CUSUM (cusum.ts) accumulates the likelihood ratio of "a few reports a
// minute more than usual" report by report, free of minute boundaries; alone it has a fixed bar,
// while the outage is visible elsewhere one set per region from a false-alarm budget and a prior
// that grows with the share of regions open (cusum.ts `relatedCusumBar`). A region that resolved
// recently is judged alone until its recent level has been relearned.
// It resolves once its five-minute window has stayed under a lower "clear" line for a quiet period.
// During a region's first day there is no usual level to speak of: a floor and the observed rate
// so far stand in (thresholds.ts).
import { defaultDetectorOptions, type DetectorOptions } from './options.js';
import { namedProblems, WORLD, type Problem } from './problems.js';
import { ProblemMix } from './problem-mix.js';
import { relatedCusumBar } from './cusum.js';
import { RegionState } from './region-state.js';
import { learnHour, refreshThresholds, warmupThresholds } from './hourly.js';
import { clearThreshold, openThreshold } from './thresholds.js';

export { defaultDetectorOptions, type DetectorOptions };

const MINUTE = 60_000;

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
  /** Hours of history the region's usual level rests on (under a week: no "usual for this time of the week"). */
  hoursLearned?: number;
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
  /** Open regions other than WORLD. */
  private openRegionCount = 0;
  private events: DetectionEvent[] = [];
  /** When WORLD last resolved: regions still open from before then do not reopen it by their number. */
  private worldResolvedAt = -Infinity;
  /** What reports are about, usually and in the open worldwide outage (problem-mix.ts). */
  private readonly mix = new ProblemMix();

  constructor(options: Partial<DetectorOptions> = {}) {
    this.options = { ...defaultDetectorOptions, ...options };
    this.world = new RegionState(WORLD, this.options.worldFloor, this.options);
  }

  /**
   * Feeds one report. `problem` is an index into PROBLEMS; `place` names where it came from (a
   * network), so one place cannot make up a region's evidence: past `placeCap` reports per ring it
   * counts for nothing. Returns the events it caused.
   */
  observe(at: number, region: string, problem: number, place?: string): DetectionEvent[] {
    this.step(at);
    let state = this.regions.get(region);
    if (!state) {
      state = new RegionState(region, this.options.floor, this.options);
      refreshThresholds(state, this.hour, this.options);
      this.regions.set(region, state);
    }
    if (place !== undefined && !state.admit(place, this.minute, this.options.placeCap)) return this.flush();
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
      if (s.open) out.push({ region: s.region, openedAt: s.openedAt, problems: s.openProblems, hoursLearned: s.baseline.hoursLearned });
    }
    return out;
  }

  /** Reports in a region's (or WORLD's) current window: how many are speaking up right now. */
  windowCount(region: string): number {
    const state = region === WORLD ? this.world : this.regions.get(region);
    return state ? state.ring.totalOver(this.minute, this.options.windowMinutes) : 0;
  }

  /** The strongest evidence (−log10 p) a region's windows hold right now; 0 for a region never seen. */
  evidence(region: string): number {
    const state = region === WORLD ? this.world : this.regions.get(region);
    return state ? state.evidenceAt(this.minute) : 0;
  }

  /** How many more reports `place` may add to `region`'s evidence at `at` (see `observe`). */
  placeRoom(at: number, region: string, place: string): number {
    const minute = Math.max(this.minute, Math.floor(at / MINUTE));
    return this.regions.get(region)?.placeRoom(place, minute, this.options.placeCap) ?? this.options.placeCap;
  }

  /** Distinct source places in a region's ring right now (reports fed without a place are not counted). */
  places(region: string): number {
    if (region === WORLD) {
      let n = 0;
      for (const s of this.regions.values()) n += s.placesAt(this.minute);
      return n;
    }
    return this.regions.get(region)?.placesAt(this.minute) ?? 0;
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
    else if (state !== this.world && state.baseline.hoursLearned >= this.options.warmupHours) state.riseReport(this.nowMs, this.minute, this.problemLift(problem));
    if (state === this.world && !state.open) this.mix.countUsual(problem);
    this.evaluate(state, this.nowMs);
  }

  private evaluate(state: RegionState, at: number): void {
    const total = state.ring.totalOver(this.minute, this.options.windowMinutes);
    const young = state.baseline.hoursLearned < this.options.warmupHours;
    if (young) warmupThresholds(state, this.minute, this.hour, total, this.options);
    else if (!state.open) {
      if (this.surprising(state) || this.risen(state)) this.open(state, at);
      return;
    }
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

  /** True when one of the region's windows holds evidence enough (see the file's head). */
  private surprising(state: RegionState): boolean {
    const o = this.options;
    const isWorld = state === this.world;
    if (isWorld && this.openRegionCount >= o.worldRegions && this.regionsOpenedSince(this.worldResolvedAt) >= o.worldRegions) return true;
    const related = isWorld ? this.openRegionCount >= 1 : this.related(state);
    return state.windowsReach(this.minute, related);
  }

  /** The weight of a report about `problem` in the related CUSUM (problem-mix.ts); 1 while WORLD is closed. */
  private problemLift(problem: number): number {
    return this.world.open ? this.mix.lift(problem, this.world.sinceOpen, this.options.mixPriorReports, this.options.maxProblemLift) : 1;
  }

  /** True when the region's rise CUSUM (cusum.ts) has crossed its bar. */
  private risen(state: RegionState): boolean {
    if (state === this.world) return false;
    const o = this.options;
    if (!this.related(state)) {
      // However strong the likelihood ratio, never on fewer reports than the window tests accept.
      return state.cusum.value >= o.cusumBar && state.ring.totalOver(this.minute, state.ring.size) >= o.minReports;
    }
    const others = this.regions.size - 1;
    const share = others > 0 ? this.openRegionCount / others : 0;
    if (state.relatedCusum.value < relatedCusumBar(state.cusumBaseNow, share, o)) return false;
    return state.ring.totalOver(this.minute, state.ring.size) >= o.minRelatedRiseReports;
  }

  /**
   * Whether a (closed) region may be judged by the related bars: the outage is visible elsewhere
   * (WORLD open, or two other regions open), and the region has not just come out of its own
   * outage. While it was open its recent level was held at the baseline, so for one level time
   * constant after it resolves it cannot tell its own hot evening from a new rise: a region that
   * came back 8 minutes earlier reopened on 6 reports in 11 s at twice its learned rate (seed 4).
   */
  private related(state: RegionState): boolean {
    if (!(this.world.open || this.openRegionCount >= 2)) return false;
    return this.nowMs - state.resolvedAt >= this.options.relatedCooldownMinutes * MINUTE;
  }

  private open(state: RegionState, at: number): void {
    const counts = state.ring.problemCounts(this.minute);
    state.open = true;
    state.openedAt = at;
    state.quietSince = -1;
    state.spikedThisHour = true;
    state.sinceOpen.set(counts);
    state.openProblems = namedProblems(counts, this.options.problemShare);
    state.cusum.reset(at);
    state.relatedCusum.reset(at);
    this.openCount++;
    if (state !== this.world) this.openRegionCount++;
    this.events.push({ at, event: 'opened', region: state.region, problems: state.openProblems });
  }

  private regionsOpenedSince(at: number): number {
    let n = 0;
    for (const s of this.regions.values()) if (s.open && s.openedAt > at) n++;
    return n;
  }

  private resolve(state: RegionState, at: number): void {
    state.open = false;
    state.resolvedAt = at;
    if (state === this.world) this.worldResolvedAt = at;
    this.openCount--;
    if (state !== this.world) this.openRegionCount--;
    const problems = namedProblems(Array.from(state.sinceOpen), this.options.problemShare);
    this.events.push({ at, event: 'resolved', region: state.region, problems });
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
      learnHour(s, this.hour, s.hourCount, this.options);
      for (let h = firstSilent; h < hour; h++) s.baseline.learn(h, 0);
      s.hourCount = 0;
      s.spikedThisHour = s.open;
      s.prunePlaces(this.minute);
    }
    this.hour = hour;
    for (const s of [this.world, ...this.regions.values()]) refreshThresholds(s, this.hour, this.options);
  }

  private flush(): DetectionEvent[] {
    if (this.events.length === 0) return NONE;
    const out = this.events;
    this.events = [];
    return out;
  }
}
