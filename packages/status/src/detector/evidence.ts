// How surprising is a count of reports? Reports from distinct people arrive roughly as a Poisson
// process whose rate we only know approximately: the rate itself varies from hour to hour beyond
// Poisson scatter (a news evening, a holiday), and a young baseline has seen few hours. Both make the
// rate Gamma-distributed around its estimate, and a Poisson count with a Gamma rate is negative
// binomial: mean λ, variance λ + λ²/r with 1/r = 1/shape + cv². At low counts this tail is exact
// where a normal approximation is wildly wrong (one report where 0.05 are expected is p ≈ 0.05,
// three are p ≈ 2·10⁻⁵), and it widens by itself while the baseline is young (small shape).
//
// Evidence is −log10 of the tail probability P(X ≥ x): 8 means "one in a hundred million".

/** A count's predictive distribution: negative binomial with this mean and size (Infinity: Poisson). */
export interface CountModel {
  mean: number;
  size: number;
}

const LN10 = Math.LN10;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln P(X = k). */
export function logPmf(k: number, m: CountModel): number {
  if (m.mean <= 0) return k === 0 ? 0 : -Infinity;
  if (!Number.isFinite(m.size)) return -m.mean + k * Math.log(m.mean) - logGamma(k + 1);
  const r = m.size;
  return logGamma(k + r) - logGamma(r) - logGamma(k + 1) + r * Math.log(r / (r + m.mean)) + k * Math.log(m.mean / (r + m.mean));
}

/** Ratio P(X = k + 1) / P(X = k). */
function stepRatio(k: number, m: CountModel): number {
  if (!Number.isFinite(m.size)) return m.mean / (k + 1);
  return ((k + m.size) / (k + 1)) * (m.mean / (m.size + m.mean));
}

/** −log10 P(X ≥ x): 0 when x is not above what is expected. */
export function evidence(x: number, m: CountModel): number {
  if (x <= 0 || x <= m.mean) return 0;
  if (m.mean <= 0) return Infinity;
  // Above the mean the terms eventually shrink geometrically: sum them from x upwards in ratios
  // of the first, which stays exact however small the tail is.
  const first = logPmf(x, m);
  let sum = 1;
  let term = 1;
  for (let k = x; k < x + 10_000; k++) {
    const ratio = stepRatio(k, m);
    term *= ratio;
    sum += term;
    if (term < 1e-12 * sum) break;
    if (ratio >= 1 && k > x + 1000) break;
  }
  return Math.max(0, -(first + Math.log(sum)) / LN10);
}

/**
 * For each bar (in −log10 units), the smallest count whose evidence reaches it. One pass up the
 * distribution serves every bar, so thresholds can be cached once per hour and a report costs a
 * comparison of integers.
 */
export function criticalCounts(m: CountModel, bars: readonly number[]): number[] {
  const out = bars.map(() => -1);
  if (m.mean <= 0) return out.map(() => 1);
  const targets = bars.map((b) => Math.pow(10, -b));
  const sd = Math.sqrt(m.mean + (Number.isFinite(m.size) ? (m.mean * m.mean) / m.size : 0));
  // Start a dozen deviations below the mean (what lies below is < 1e-30), so that a large mean's
  // P(X = 0) underflowing to zero cannot stall the walk.
  const start = Math.max(0, Math.floor(m.mean - 12 * sd));
  let pmf = Math.exp(logPmf(start, m));
  let below = 0; // P(X < k)
  let remaining = bars.length;
  const limit = Math.ceil(m.mean + 60 * sd + 100);
  for (let k = start; k <= limit && remaining > 0; k++) {
    const tail = 1 - below;
    // Far in the tail 1 − cdf loses precision: switch to the exact tail sum there.
    const exactTail = tail < 1e-6 ? Math.pow(10, -evidence(k, m)) : tail;
    for (let i = 0; i < bars.length; i++) {
      if (out[i] === -1 && exactTail <= targets[i]!) {
        out[i] = k;
        remaining--;
      }
    }
    below += pmf;
    pmf *= stepRatio(k, m);
  }
  return out.map((v) => (v === -1 ? limit + 1 : v));
}
