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
  /** The same while the outage is visible elsewhere (WORLD open, or two other regions open). */
  relatedBar: number;
  /** WORLD's bar once any region is open. */
  worldRelatedBar: number;
  /** Never open on fewer reports than this in a window (alone / related). */
  minReports: number;
  minRelatedReports: number;
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
  /** The CUSUM's bar on its own and while the outage is visible elsewhere (natural-log units). */
  cusumBar: number;
  cusumRelatedBar: number;
  /** The rise the related CUSUM looks for: any rise of a few a minute, whatever the usual rate. */
  cusumRelatedRise: number;
  /** The usual rate is raised by this many of its relative standard deviations, and never below the floor (per minute). */
  cusumMargin: number;
  cusumFloor: number;
  /** For this many minutes into an hour the previous hour's rate still counts as usual. */
  cusumStraddleMinutes: number;
}

export const defaultDetectorOptions: DetectorOptions = {
  windowMinutes: 5,
  windows: [1, 2, 3, 5, 10],
  evidenceBar: 8,
  relatedBar: 4.5,
  worldRelatedBar: 4,
  minReports: 4,
  minRelatedReports: 3,
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
  problemShare: 0.2,
  levelMinutes: 30,
  cusumRise: 5,
  cusumRiseShare: 3,
  cusumBar: 20,
  cusumRelatedBar: 11,
  cusumRelatedRise: 4,
  cusumMargin: 2,
  cusumFloor: 0.05,
  cusumStraddleMinutes: 10,
};
