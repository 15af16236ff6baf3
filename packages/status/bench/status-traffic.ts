// Synthetic problem-report traffic for the status detector: diurnal per-region volume with noise,
// from a seeded PRNG so every run of a drill or a test sees the same reports.
import { PROBLEMS, type Problem } from '../src/detector/problems.js';

export interface SyntheticReport {
  at: number;
  region: string;
  problem: Problem;
}

export interface RegionProfile {
  region: string;
  /** Offset of local time from UTC, in hours. */
  utcOffset: number;
  /** Relative size of the region's user base. */
  weight: number;
}

export const REGIONS: RegionProfile[] = [
  { region: 'GB', utcOffset: 0, weight: 3 },
  { region: 'FR', utcOffset: 1, weight: 2 },
  { region: 'DE', utcOffset: 1, weight: 2 },
  { region: 'JP', utcOffset: 9, weight: 3 },
  { region: 'US', utcOffset: -5, weight: 6 },
  { region: 'SA', utcOffset: 3, weight: 3 },
  { region: 'AE', utcOffset: 4, weight: 1.5 },
  { region: 'EG', utcOffset: 2, weight: 2 },
  { region: 'BR', utcOffset: -3, weight: 2 },
  { region: 'IN', utcOffset: 5.5, weight: 2 },
  { region: 'MA', utcOffset: 1, weight: 1 },
  { region: 'ZZ', utcOffset: 0, weight: 0.5 },
];

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function poisson(lambda: number, rand: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda > 40) {
    // Normal approximation: exact enough for large rates and much faster.
    const u = Math.max(rand(), 1e-12);
    const g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    return Math.max(0, Math.round(lambda + g * Math.sqrt(lambda)));
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
}

function bump(hour: number, centre: number, width: number): number {
  const d = Math.min(Math.abs(hour - centre), 24 - Math.abs(hour - centre));
  return Math.exp(-(d * d) / (2 * width * width));
}

/** Usual reports per minute for a region at a UTC instant, before noise. */
export function usualRate(profile: RegionProfile, at: number, basePerMinute: number): number {
  const local = new Date(at + profile.utcOffset * 3_600_000);
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  const day = local.getUTCDay();
  const weekend = day === 0 || day === 6 ? 1.25 : 1;
  const diurnal = 0.12 + 0.45 * bump(hour, 12.5, 3) + 0.9 * bump(hour, 20.5, 2.5);
  return basePerMinute * profile.weight * diurnal * weekend;
}

export interface Spike {
  region: string;
  start: number;
  /** Reports per minute on top of the usual volume while the spike lasts. */
  perMinute: number;
  minutes: number;
}

export interface TrafficOptions {
  from: number;
  to: number;
  seed: number;
  basePerMinute?: number;
  regions?: RegionProfile[];
  spikes?: Spike[];
}

const NORMAL_MIX: Problem[] = ['website', 'login', 'posting', 'timeline', 'notifications', 'search', 'other'];
const NORMAL_WEIGHTS = [0.2, 0.25, 0.15, 0.15, 0.1, 0.05, 0.1];
const OUTAGE_MIX: Problem[] = ['website', 'login', 'timeline'];
const OUTAGE_WEIGHTS = [0.45, 0.35, 0.2];

function pick(items: Problem[], weights: number[], rand: () => number): Problem {
  let r = rand();
  for (let i = 0; i < items.length; i++) {
    r -= weights[i]!;
    if (r <= 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

/**
 * Calls `emit` for every report in [from, to), in time order. Noise is multiplicative per region
 * per day and per hour (so real traffic's burstiness is there, not just Poisson scatter).
 */
export function generateTraffic(options: TrafficOptions, emit: (r: SyntheticReport) => void): void {
  const rand = mulberry32(options.seed);
  const regions = options.regions ?? REGIONS;
  const base = options.basePerMinute ?? 0.3;
  const spikes = options.spikes ?? [];
  const dayNoise = new Map<string, number>();
  const hourNoise = new Map<string, number>();
  const minuteBatch: SyntheticReport[] = [];
  void PROBLEMS;
  for (let t = options.from; t < options.to; t += 60_000) {
    if (t % 86_400_000 === 0 || dayNoise.size === 0) {
      for (const r of regions) dayNoise.set(r.region, Math.exp(0.15 * gaussian(rand)));
    }
    if (t % 3_600_000 === 0 || hourNoise.size === 0) {
      for (const r of regions) hourNoise.set(r.region, Math.exp(0.2 * gaussian(rand)));
    }
    for (const profile of regions) {
      const usual = usualRate(profile, t, base) * dayNoise.get(profile.region)! * hourNoise.get(profile.region)!;
      for (let n = poisson(usual, rand); n > 0; n--) {
        minuteBatch.push({ at: t + Math.floor(rand() * 60_000), region: profile.region, problem: pick(NORMAL_MIX, NORMAL_WEIGHTS, rand) });
      }
      for (const s of spikes) {
        if (s.region !== profile.region || t < s.start - 60_000 || t >= s.start + s.minutes * 60_000) continue;
        // The spike may start mid-minute: only the part of this minute after its start gets reports.
        const from = Math.max(t, s.start);
        const share = (t + 60_000 - from) / 60_000;
        for (let n = poisson(s.perMinute * share, rand); n > 0; n--) {
          minuteBatch.push({ at: from + Math.floor(rand() * (t + 60_000 - from)), region: profile.region, problem: pick(OUTAGE_MIX, OUTAGE_WEIGHTS, rand) });
        }
      }
    }
    minuteBatch.sort((a, b) => a.at - b.at);
    for (const r of minuteBatch) emit(r);
    minuteBatch.length = 0;
  }
}
