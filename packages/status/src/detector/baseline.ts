// The usual report volume of one region, learned from the stream itself.
//
// Each hour's count updates an exponentially weighted mean and variance for its hour of the week
// (168 slots) and, because a slot only gets one sample a week, also for its hour of the day
// (24 slots, seven samples a week). The estimate leans on the hour-of-day figure until the
// hour-of-week slot has seen a few weeks, so a quiet Sunday night and a busy Tuesday evening are
// judged against their own past once there is enough of it, and against a sensible stand-in before.

const HOURS_PER_WEEK = 168;
const HOURS_PER_DAY = 24;
// 1 January 1970 was a Thursday; shifting by three days makes slot 0 Monday 00:00 UTC.
const EPOCH_WEEKDAY_OFFSET_HOURS = 3 * 24;

export interface BaselineOptions {
  /** Weight of a new sample in the hour-of-week average (one sample a week). */
  weeklyAlpha: number;
  /** Weight of a new sample in the hour-of-day average (one sample a day). */
  dailyAlpha: number;
  /**
   * The least hour-to-hour swing (cv²) assumed, whatever the history says. A variance learned
   * from a score of samples is often a third too low, and a country can have an evening three
   * times its usual that its history never showed (the benchmark's seed 8: JO opened on a news
   * evening learned at cv² 0.043). 0 for WORLD, whose swings average out over many countries.
   */
  cv2Floor: number;
}

export interface HourlyExpectation {
  /** Expected reports in the hour. */
  mean: number;
  /**
   * Squared coefficient of variation of the hourly volume beyond Poisson scatter: real traffic
   * swings by a share of itself (a news evening, a holiday), which matters more the busier a
   * region is. A window with mean m then has variance ≈ m·uncertainty + cv2·m².
   */
  cv2: number;
  /** ≥ 1: widens the Poisson part while the estimate rests on few samples. */
  uncertainty: number;
  /** How many hours this region has been learned over; small means "still warming up". */
  hoursLearned: number;
  /**
   * How many hours' worth of evidence the estimate rests on (the exponential averages forget, so
   * this stops growing: about 7 weekly and 19 daily samples). The shape of the rate's uncertainty.
   */
  samples: number;
}

// Before a region has shown its own swings, assume they are about ±30% (cv² = 0.09).
const PRIOR_CV2 = 0.09;
const PRIOR_WEIGHT = 3;

export class Baseline {
  private readonly weekMean = new Float64Array(HOURS_PER_WEEK);
  private readonly weekVar = new Float64Array(HOURS_PER_WEEK);
  private readonly weekN = new Uint32Array(HOURS_PER_WEEK);
  private readonly dayMean = new Float64Array(HOURS_PER_DAY);
  private readonly dayVar = new Float64Array(HOURS_PER_DAY);
  private readonly dayN = new Uint32Array(HOURS_PER_DAY);
  hoursLearned = 0;

  constructor(private readonly options: BaselineOptions) {}

  /** Folds in the number of reports seen during the absolute hour `hour` (hours since epoch). */
  learn(hour: number, count: number): void {
    const w = hourOfWeek(hour);
    const d = hour % HOURS_PER_DAY;
    ewUpdate(this.weekMean, this.weekVar, this.weekN, w, count, this.options.weeklyAlpha);
    ewUpdate(this.dayMean, this.dayVar, this.dayN, d, count, this.options.dailyAlpha);
    this.hoursLearned++;
  }

  expect(hour: number): HourlyExpectation {
    const w = hourOfWeek(hour);
    const d = hour % HOURS_PER_DAY;
    const nWeek = this.weekN[w]!;
    const nDay = this.dayN[d]!;
    // Trust the weekly slot more as it accumulates weeks: 1 week → 1/3, 4 weeks → 2/3.
    const wWeek = nDay === 0 ? 1 : nWeek / (nWeek + 2);
    const mean = wWeek * this.weekMean[w]! + (1 - wWeek) * this.dayMean[d]!;
    const variance = wWeek * this.weekVar[w]! + (1 - wWeek) * this.dayVar[d]!;
    // Share of the variance beyond Poisson, shrunk towards the prior while samples are few.
    const seen = nWeek + nDay;
    const observedCv2 = mean > 0 ? Math.max(0, variance - mean) / (mean * mean) : PRIOR_CV2;
    const cv2 = Math.max(this.options.cv2Floor, Math.min(1, (seen * observedCv2 + PRIOR_WEIGHT * PRIOR_CV2) / (seen + PRIOR_WEIGHT)));
    // While the estimate rests on few samples (a first Saturday judged by weekdays, a second day
    // judged by the first) it is itself uncertain: widen the spread until the slots have history.
    const uncertainty = 1 + 1 / (1 + nWeek) + 1 / Math.max(1, nDay);
    const samples = Math.min(nWeek, 2 / this.options.weeklyAlpha - 1) + Math.min(nDay, 2 / this.options.dailyAlpha - 1);
    return { mean, cv2, uncertainty, hoursLearned: this.hoursLearned, samples };
  }
}
export function hourOfWeek(hour: number): number {
  return (hour + EPOCH_WEEKDAY_OFFSET_HOURS) % HOURS_PER_WEEK;
}

function ewUpdate(
  means: Float64Array,
  vars: Float64Array,
  ns: Uint32Array,
  i: number,
  x: number,
  alpha: number,
): void {
  if (ns[i] === 0) {
    // First sample: assume Poisson (variance = mean) rather than zero spread.
    means[i] = x;
    vars[i] = x;
  } else {
    const diff = x - means[i]!;
    means[i] = means[i]! + alpha * diff;
    vars[i] = (1 - alpha) * (vars[i]! + alpha * diff * diff);
  }
  ns[i] = ns[i]! + 1;
}
