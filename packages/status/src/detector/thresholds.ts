// When is a window's count surprising? Reports arrive roughly like a Poisson process, so the
// spread around the usual count `m` grows like sqrt(m). The z²/4 term is a skewness correction:
// for small means the Poisson tail is much heavier than the normal one, and without it a quiet
// night with m = 0.5 would alarm on a handful of reports.
export interface ThresholdOptions {
  /** How many standard deviations above usual counts as a spike. */
  z: number;
  /** Below this many reports in the window nothing opens, whatever the baseline says. */
  floor: number;
  /** Standard deviations above usual under which a spike counts as over. */
  clearZ: number;
}

export function openThreshold(mean: number, dispersion: number, o: ThresholdOptions, floor: number): number {
  return Math.max(floor, mean + o.z * Math.sqrt(dispersion * mean) + (o.z * o.z) / 4);
}

export function clearThreshold(mean: number, dispersion: number, o: ThresholdOptions, floor: number): number {
  // Half the floor so that a region hovering right at the floor does not open and close in turn.
  return Math.max(floor / 2, mean + o.clearZ * Math.sqrt(dispersion * mean) + 1);
}
