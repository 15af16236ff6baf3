// One region's recent reports in fixed one-minute buckets, kept in a ring so that adding a report
// and reading the sliding window are both O(window) with no allocation.
import { PROBLEMS } from './problems.js';

const P = PROBLEMS.length;

export class MinuteRing {
  private readonly counts: Int32Array;
  private readonly problems: Int32Array;
  // The absolute minute each slot currently holds; a stale slot is reset lazily on write.
  private readonly minuteOf: Float64Array;

  /** Called with a minute's count when that minute leaves the window (only for minutes that had reports). */
  onEvict: (minute: number, count: number) => void = () => {};

  constructor(readonly size: number) {
    this.counts = new Int32Array(size);
    this.problems = new Int32Array(size * P);
    this.minuteOf = new Float64Array(size).fill(-Infinity);
  }

  add(minute: number, problem: number): void {
    const slot = minute % this.size;
    if (this.minuteOf[slot] !== minute) {
      if (this.minuteOf[slot]! >= 0) this.onEvict(this.minuteOf[slot]!, this.counts[slot]!);
      this.minuteOf[slot] = minute;
      this.counts[slot] = 0;
      this.problems.fill(0, slot * P, slot * P + P);
    }
    this.counts[slot]!++;
    this.problems[slot * P + problem]!++;
  }

  /** Reports in the window that ends with (and includes) `minute`. */
  total(minute: number): number {
    let sum = 0;
    const oldest = minute - this.size;
    for (let s = 0; s < this.size; s++) {
      const m = this.minuteOf[s]!;
      if (m > oldest && m <= minute) sum += this.counts[s]!;
    }
    return sum;
  }

  /** Reports in the last `size` minutes ending with `minute`: `out[a]` holds the minute `a` minutes ago. */
  byAge(minute: number, out: Int32Array): Int32Array {
    out.fill(0);
    for (let s = 0; s < this.size; s++) {
      const age = minute - this.minuteOf[s]!;
      if (age >= 0 && age < this.size) out[age] = this.counts[s]!;
    }
    return out;
  }

  /** Reports in the window of the last `minutes` minutes ending with `minute`. */
  totalOver(minute: number, minutes: number): number {
    let sum = 0;
    const oldest = minute - minutes;
    for (let s = 0; s < this.size; s++) {
      const m = this.minuteOf[s]!;
      if (m > oldest && m <= minute) sum += this.counts[s]!;
    }
    return sum;
  }

  /** Per-problem counts in the window ending with `minute`, indexed like PROBLEMS. */
  problemCounts(minute: number): number[] {
    const out = new Array<number>(P).fill(0);
    const oldest = minute - this.size;
    for (let s = 0; s < this.size; s++) {
      const m = this.minuteOf[s]!;
      if (m > oldest && m <= minute) {
        for (let p = 0; p < P; p++) out[p]! += this.problems[s * P + p]!;
      }
    }
    return out;
  }
}
