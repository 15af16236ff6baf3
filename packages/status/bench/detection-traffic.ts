// Generated report traffic for the detection benchmark: many regions around the clock, each with
// its own diurnal curve, weekends, holidays, a user base that grows slowly, a viral post that
// brings a burst of reports from one place, and then a rolling outage that reaches each region
// with its own volume. Seeded: every run sees the same reports.
import { PROBLEMS } from '../src/detector/problems.js';
import { mulberry32, poisson, usualRate, type RegionProfile } from './status-traffic.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface BenchReport {
  at: number;
  region: string;
  problem: number;
  /** The reporter's network: one place can only add so much to a region's evidence. */
  place: string;
  /** Set on the reports an outage wave adds (the benchmark's own bookkeeping; the detector never sees it). */
  outage?: true;
}

export interface OutageWave {
  region: string;
  start: number;
  /** Reports per minute on top of the usual volume while the region is down. */
  perMinute: number;
  minutes: number;
}

export interface Scenario {
  from: number;
  to: number;
  seed: number;
  regions: RegionProfile[];
  /** Usual reports per minute of a weight-1 region at its daily peak, before growth. */
  basePerMinute: number;
  /** Growth of the user base over the whole scenario (0.4 = 40 % more at the end). */
  growth: number;
  /** Whole local days on which a region runs at `factor` of its usual volume. */
  holidays: { region: string; day: number; factor: number }[];
  /** A viral post: `reports` reports over `minutes` from `places` networks of one region. */
  viral: { region: string; start: number; minutes: number; reports: number; places: number }[];
  outage: OutageWave[];
}

// Users pick different problems in normal times than when the service is down.
const NORMAL = [0.2, 0.25, 0.15, 0.15, 0.1, 0.05, 0.1];
const OUTAGE = [0.45, 0.35, 0, 0.2, 0, 0, 0];

function pick(weights: number[], rand: () => number): number {
  let r = rand();
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r <= 0) return i;
  }
  return PROBLEMS.length - 1;
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
}

/** Calls `emit` for every report in [from, to), in time order. */
export function generateScenario(s: Scenario, emit: (r: BenchReport) => void): void {
  const rand = mulberry32(s.seed);
  const dayNoise = new Map<string, number>();
  const hourNoise = new Map<string, number>();
  const batch: BenchReport[] = [];
  const span = s.to - s.from;
  const place = (region: string): string => `${region}-${Math.floor(rand() * 20_000)}`;
  for (let t = s.from; t < s.to; t += MINUTE) {
    if (t % DAY === 0 || dayNoise.size === 0) for (const r of s.regions) dayNoise.set(r.region, Math.exp(0.15 * gaussian(rand)));
    if (t % HOUR === 0 || hourNoise.size === 0) for (const r of s.regions) hourNoise.set(r.region, Math.exp(0.2 * gaussian(rand)));
    const grown = 1 + (s.growth * (t - s.from)) / span;
    for (const profile of s.regions) {
      const localDay = Math.floor((t - s.from + profile.utcOffset * HOUR) / DAY);
      let usual = usualRate(profile, t, s.basePerMinute) * grown * dayNoise.get(profile.region)! * hourNoise.get(profile.region)!;
      for (const h of s.holidays) if (h.region === profile.region && h.day === localDay) usual *= h.factor;
      for (let n = poisson(usual, rand); n > 0; n--) {
        batch.push({ at: t + Math.floor(rand() * MINUTE), region: profile.region, problem: pick(NORMAL, rand), place: place(profile.region) });
      }
      for (const v of s.viral) {
        if (v.region !== profile.region || t < v.start || t >= v.start + v.minutes * MINUTE) continue;
        for (let n = poisson(v.reports / v.minutes, rand); n > 0; n--) {
          batch.push({ at: t + Math.floor(rand() * MINUTE), region: v.region, problem: pick(NORMAL, rand), place: `${v.region}-viral-${Math.floor(rand() * v.places)}` });
        }
      }
      for (const o of s.outage) {
        if (o.region !== profile.region || t < o.start - MINUTE || t >= o.start + o.minutes * MINUTE) continue;
        const from = Math.max(t, o.start);
        const share = (t + MINUTE - from) / MINUTE;
        for (let n = poisson(o.perMinute * share, rand); n > 0; n--) {
          batch.push({ at: from + Math.floor(rand() * (t + MINUTE - from)), region: o.region, problem: pick(OUTAGE, rand), place: place(o.region), outage: true });
        }
      }
    }
    batch.sort((a, b) => a.at - b.at);
    for (const r of batch) emit(r);
    batch.length = 0;
  }
}

/** Regions spread round the world, from a few reports a day to a couple a minute at their peak. */
export function benchRegions(count: number, rand: () => number): RegionProfile[] {
  const codes = ['GB', 'FR', 'DE', 'ES', 'IT', 'NL', 'SE', 'PL', 'TR', 'EG', 'SA', 'AE', 'KW', 'QA', 'MA', 'DZ', 'TN', 'JO', 'IN', 'PK', 'ID', 'MY', 'JP', 'KR', 'AU', 'NZ', 'US', 'CA', 'MX', 'BR', 'AR', 'CL', 'ZA', 'NG', 'KE', 'PH'];
  const offsets: Record<string, number> = { GB: 0, FR: 1, DE: 1, ES: 1, IT: 1, NL: 1, SE: 1, PL: 1, TR: 3, EG: 2, SA: 3, AE: 4, KW: 3, QA: 3, MA: 1, DZ: 1, TN: 1, JO: 3, IN: 5.5, PK: 5, ID: 7, MY: 8, JP: 9, KR: 9, AU: 10, NZ: 13, US: -5, CA: -5, MX: -6, BR: -3, AR: -3, CL: -4, ZA: 2, NG: 1, KE: 3, PH: 8 };
  return codes.slice(0, count).map((region) => ({ region, utcOffset: offsets[region]!, weight: +(0.15 + 8 * rand() * rand()).toFixed(2) }));
}

export { DAY, HOUR, MINUTE };
