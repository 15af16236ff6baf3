// The outage detector's parameters, with the values the service uses (docs/status.md says why).
import type { BaselineOptions } from './baseline.js';
import type { ThresholdOptions } from './thresholds.js';

export interface DetectorOptions extends BaselineOptions, ThresholdOptions {
  /** The window counted for display, resolving and the first day's floor. */
  windowMinutes: number;
  /** Window lengths (minutes) tested for evidence, shortest first. */
  windows: number[];
  /** −log10 of the tail probability that opens a region on its own evidence. */
  evidenceBar: number;
  /**
   * The same while the outage is visible elsewhere (WORLD open, or two other regions open). Each
   * report re-tests the five windows; a w-minute window gives about 60/w fresh tests an hour, so
   * about 60·(1 + 1/2 + 1/3 + 1/5 + 1/10) ≈ 128 an hour in all, and false alarms ≈ 128·10^−bar an
   * hour per region: 1.3·10⁻³ at 5 (8.7·10⁻⁴ measured with WORLD held open over ten mature quiet
   * days of the benchmark's traffic, 3 seeds); 4.5 gave 3.4·10⁻³, i.e. about one false alarm in
   * every three worldwide incidents of 30 regions and 2.5 hours.
   */
  relatedBar: number;
  /** WORLD's bar once any region is open. */
  worldRelatedBar: number;
  /** Never open on fewer reports than this in a window (alone / related). */
  minReports: number;
  minRelatedReports: number;
  /** The related CUSUM may open on this few (its bar decides; see cusum.ts `relatedCusumBar`). */
  minRelatedRiseReports: number;
  /** Prior for a rate not yet learned: worth `priorHours` hours at `priorPerHour` reports an hour. */
  priorHours: number;
  priorPerHour: number;
  /** WORLD opens when this many regions are open, whatever its own evidence says. */
  worldRegions: number;
  /** One source place (network) adds at most this many reports to a region's evidence per ring. */
  placeCap: number;
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
  /** The rise (reports a minute over usual) the CUSUM is tuned to catch fastest (cusum.ts). */
  cusumRise: number;
  /** …or this multiple of the usual rate, when that is more (busier regions swing by a share of themselves). */
  cusumRiseShare: number;
  /** The CUSUM's bar on its own (natural-log units). */
  cusumBar: number;
  /**
   * While the outage is visible elsewhere the related CUSUM's bar is set per region from this
   * target: false alarms an hour per region from usual traffic (cusum.ts `relatedCusumBar`). The
   * bound assumes the learned rate is right; real hours swing more, and with WORLD held open over
   * ten mature quiet days of the benchmark's traffic (3 seeds) 1·10⁻⁴ gave 4.1·10⁻⁴ measured.
   */
  cusumRelatedFalseAlarmsPerHour: number;
  /**
   * How much likelier a rising region is part of the outage, per share of the other regions open:
   * prior odds 1 + w·share lower the related CUSUM's bar by ln(1 + w·share), 2.4 nats with all open.
   * 10 keeps seeds 1–6 free of false alarms (20 reopened one on 3 reports in 7 s, seed 5).
   */
  relatedPriorWeight: number;
  /** Pseudo-reports at the usual mix that the open outage's problem mix is drawn towards (problem-mix.ts). */
  mixPriorReports: number;
  /** The most a report's problem can weigh it up (problem-mix.ts). */
  maxProblemLift: number;
  /** A region that resolved less than this many minutes ago is judged on its own evidence only. */
  relatedCooldownMinutes: number;
  /** The rise the related CUSUM looks for: the smallest the targets name (3 a minute). */
  cusumRelatedRise: number;
  /** The usual rate is raised by this many of its relative standard deviations, and never below the floor (per minute). */
  cusumMargin: number;
  /**
   * The same for the lone CUSUM (no outage visible elsewhere), which has no prior to lean on: a
   * learned rate lags a growing region (seed 23: ES learned at 0.48 a minute ran at 1.07 for an
   * hour, a Poisson cluster of 25 reports in 8 minutes on top, and the lone score reached its bar
   * at a margin of 2). 3 changed no detection delay over seeds 1–40.
   */
  cusumLoneMargin: number;
  cusumFloor: number;
  /** For this many minutes into an hour the previous hour's rate still counts as usual. */
  cusumStraddleMinutes: number;
}

export const defaultDetectorOptions: DetectorOptions = {
  windowMinutes: 5,
  windows: [1, 2, 3, 5, 10],
  evidenceBar: 8,
  relatedBar: 5,
  worldRelatedBar: 4,
  minReports: 4,
  minRelatedReports: 3,
  minRelatedRiseReports: 2,
  priorHours: 1,
  priorPerHour: 2,
  worldRegions: 3,
  placeCap: 3,
  z: 5,
  clearZ: 2,
  floor: 12,
  worldFloor: 25,
  quietMinutes: 15,
  warmupHours: 24,
  warmupFloorFactor: 3,
  weeklyAlpha: 0.25,
  dailyAlpha: 0.1,
  // The prior's own ±30 % (baseline.ts): 0.065 also kept seeds 1–20 clean, at no gain worth the risk.
  cv2Floor: 0.09,
  problemShare: 0.2,
  levelMinutes: 30,
  cusumRise: 5,
  cusumRiseShare: 3,
  cusumBar: 20,
  cusumRelatedFalseAlarmsPerHour: 1e-4,
  relatedPriorWeight: 10,
  // One level time constant (levelMinutes): the level has relearned how the region runs.
  relatedCooldownMinutes: 30,
  mixPriorReports: 20,
  maxProblemLift: 3,
  cusumRelatedRise: 3,
  cusumMargin: 2,
  cusumLoneMargin: 3,
  cusumFloor: 0.05,
  cusumStraddleMinutes: 10,
};
