// The problems a visitor can report. The order is the index used in the detector's count arrays,
// so add new problems at the end only.
export const PROBLEMS = ['website', 'login', 'posting', 'timeline', 'notifications', 'search', 'other'] as const;
export type Problem = (typeof PROBLEMS)[number];

const index = new Map<string, number>(PROBLEMS.map((p, i) => [p, i]));

/** Index of a problem in PROBLEMS, or -1 when it is not one we know. */
export function problemIndex(problem: string): number {
  return index.get(problem) ?? -1;
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'string' && index.has(value);
}

/** The pseudo-region that aggregates every report. */
export const WORLD = 'WORLD';

/** The problems named in an event: the most reported one, and any other with at least `share` of the reports. */
export function namedProblems(counts: ArrayLike<number>, share: number): Problem[] {
  let total = 0;
  for (let p = 0; p < PROBLEMS.length; p++) total += counts[p]!;
  const named: Problem[] = [];
  const order = PROBLEMS.map((_, p) => p).sort((a, b) => counts[b]! - counts[a]!);
  for (const p of order) {
    if (counts[p]! > 0 && (named.length === 0 || counts[p]! >= total * share)) named.push(PROBLEMS[p]!);
  }
  return named;
}
