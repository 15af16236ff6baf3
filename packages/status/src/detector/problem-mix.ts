// What reports are about, usually and in the open worldwide outage: a country whose reports are
// about what the rest of the world is reporting is likelier part of it; one whose reports are about
// something else (search, say, while everyone cannot log in) less so. The related CUSUM weighs each
// report by the lift below (cusum.ts `RiseCusum.report`).
import { PROBLEMS } from './problems.js';

export class ProblemMix {
  /** Reports per problem while WORLD is closed (every region, from one each). */
  private readonly usual = new Float64Array(PROBLEMS.length).fill(1);
  private usualTotal = PROBLEMS.length;

  /** Counts a report heard while no worldwide outage is open. */
  countUsual(problem: number): void {
    this.usual[problem]!++;
    this.usualTotal++;
  }

  /**
   * How much likelier a report about `problem` is in the outage whose reports so far are `outage`
   * (counts per problem) than in usual traffic: its share there, drawn towards the usual share by
   * `prior` pseudo-reports, over its usual share. Capped at `cap`: the usual mix is the whole
   * world's, not the country's, and a problem rarely reported could otherwise make one report an
   * outage.
   */
  lift(problem: number, outage: ArrayLike<number>, prior: number, cap: number): number {
    const usual = this.usual[problem]! / this.usualTotal;
    let total = 0;
    for (let p = 0; p < PROBLEMS.length; p++) total += outage[p]!;
    return Math.min(cap, (outage[problem]! + prior * usual) / (total + prior) / usual);
  }
}
