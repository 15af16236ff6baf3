// Detection benchmark: generated traffic (bench/detection-traffic.ts) through the pure outage
// detector. 30 quiet days (diurnal curves in many time zones, weekends, holidays, a growing user
// base, a viral post's burst of reports from one place), then a rolling outage like Twitter's of
// 19 January 2016 that reaches each region with its own volume, 3 to 50 reports a minute, some
// in their day and some in their night. Measures per volume class the median and worst delay from
// a region's first outage report to its detection, WORLD's delay, false alarms (every opening that
// is not a region in its outage, or WORLD during it) and how fast the detector replays.
//
//   npm run bench:detection -w @sirb/status [-- --seeds 1,2,3 | --seeds 1-20]
//   → packages/status/bench/results/detection.{json,md}
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDetectorOptions, OutageDetector, type DetectionEvent, type DetectorOptions } from '../src/detector/detector.js';
import { WORLD } from '../src/detector/problems.js';
import { benchRegions, DAY, generateScenario, HOUR, MINUTE, type BenchReport, type OutageWave, type Scenario } from './detection-traffic.js';
import { mulberry32, usualRate } from './status-traffic.js';
import { collect, markdown, seedList, TARGETS, VOLUMES } from './detection-summary.js';

export { summarise } from './detection-summary.js';

export interface BenchOptions {
  seed: number;
  quietDays: number;
  regions: number;
  /** Detector options other than the service's defaults (for tuning runs). */
  detector?: Partial<DetectorOptions>;
}

export interface RegionOutcome {
  region: string;
  perMinute: number;
  /** The region's usual reports per minute when its outage began (generator's own curve). */
  usualPerMinute: number;
  night: boolean;
  delaySeconds: number | null;
  /**
   * When the wave's third report arrived: the detector never opens on fewer than three reports, so
   * no setting of its bars opens sooner. Poisson arrivals alone put it past 60 s for some regions
   * at 5 a minute.
   */
  thirdReportSeconds: number | null;
  /** The same for the first and second: with Poisson arrivals at 5 a minute, P(fewer than 2 in 60 s) ≈ 4 %. */
  firstReportSeconds: number | null;
  secondReportSeconds: number | null;
  /**
   * An oracle's delay: a CUSUM that knows the region's true usual rate u (the generator's) and the
   * outage's rise r, over every report of the region from the wave's start, with the related bar's
   * false-alarm budget and no prior (h = ln(60·u/ρ), cusum.ts). What the evidence allows at that
   * budget; the detector must estimate u and allow for its swings, the oracle does not.
   */
  oracleSeconds: number | null;
  /**
   * The false alarms an hour the oracle would have to accept to open the region within the issue's
   * target (TARGETS; null for classes without one): 60·u·e^−S with S the most evidence its CUSUM
   * held by then. Above 10⁻² no detector can meet the target at a usable false-alarm rate.
   */
  budgetForTarget: number | null;
}

export interface BenchRun {
  seed: number;
  reports: number;
  detectorSeconds: number;
  falseAlarms: DetectionEvent[];
  worldDelaySeconds: number | null;
  outcomes: RegionOutcome[];
}

/** The scenario for one seed: quiet days, then the rolling outage on the next day from 08:00 UTC. */
export function scenario(o: BenchOptions): Scenario {
  const rand = mulberry32(o.seed * 7919);
  const regions = benchRegions(o.regions, rand);
  const from = Date.UTC(2026, 0, 5);
  const outageDay = from + o.quietDays * DAY;
  // Every volume class in turn, so each class gets regions by day and by night. Like 19 January
  // 2016 (GB first, at 200 reports in five minutes), the outage starts in a busy region.
  const order = regions.map((r) => r.region).sort(() => rand() - 0.5);
  const outage: OutageWave[] = order.map((region, i) => ({
    region,
    start: outageDay + 8 * HOUR + Math.floor((i * 95 * MINUTE) / order.length + rand() * 50_000),
    perMinute: VOLUMES[VOLUMES.length - 1 - (i % VOLUMES.length)]!,
    minutes: 45,
  }));
  const days = (n: number) => Math.min(n, o.quietDays - 2);
  const quietest = regions.reduce((a, b) => (b.weight < a.weight ? b : a));
  return {
    from,
    to: outageDay + 12 * HOUR,
    seed: o.seed,
    regions,
    basePerMinute: 0.3,
    growth: 0.4,
    holidays: [
      ...['SA', 'EG', 'AE', 'KW', 'QA', 'JO', 'MA'].map((region) => ({ region, day: days(12), factor: 1.6 })),
      ...['GB', 'FR', 'DE', 'US', 'CA', 'ES', 'IT'].map((region) => ({ region, day: days(20), factor: 0.5 })),
      ...['JP', 'KR', 'IN'].map((region) => ({ region, day: days(23), factor: 1.4 })),
    ],
    viral: [
      { region: order[1]!, start: from + days(17) * DAY + 19 * HOUR + 13 * MINUTE, minutes: 15, reports: 120, places: 1 },
      // The harder case: a near-silent region in its night, where every report is surprising.
      { region: quietest.region, start: from + days(9) * DAY + ((27 - quietest.utcOffset) % 24) * HOUR + 41 * MINUTE, minutes: 20, reports: 200, places: 1 },
    ],
    outage,
  };
}

export function runBench(o: BenchOptions): BenchRun {
  const s = scenario(o);
  const all: BenchReport[] = [];
  generateScenario(s, (r) => all.push(r));
  // Timed apart from generating: CPU time of the detector alone (the wall clock on a shared machine
  // mostly measures the neighbours).
  const detector = new OutageDetector(o.detector);
  const events: DetectionEvent[] = [];
  const before = process.cpuUsage();
  for (const r of all) {
    const out = detector.observe(r.at, r.region, r.problem, r.place);
    if (out.length) events.push(...out);
  }
  events.push(...detector.advance(s.to));
  const cpu = process.cpuUsage(before);
  const busy = (cpu.user + cpu.system) / 1000;
  const reports = all.length;
  const firstOutage = Math.min(...s.outage.map((w) => w.start));
  const lastOutageEnd = Math.max(...s.outage.map((w) => w.start + w.minutes * MINUTE));
  const opened = events.filter((e) => e.event === 'opened');
  const falseAlarms = opened.filter((e) => {
    if (e.region === WORLD) return e.at < firstOutage || e.at > lastOutageEnd;
    const wave = s.outage.find((w) => w.region === e.region);
    return !wave || e.at < wave.start || e.at > wave.start + wave.minutes * MINUTE;
  });
  const world = opened.find((e) => e.region === WORLD && e.at >= firstOutage);
  // When each region's 1st, 2nd and 3rd outage reports arrived.
  const nth = new Map<string, number[]>();
  for (const r of all) {
    if (!r.outage) continue;
    const times = nth.get(r.region) ?? [];
    if (times.length < 3) times.push(r.at);
    nth.set(r.region, times);
  }
  const rho = o.detector?.cusumRelatedFalseAlarmsPerHour ?? defaultDetectorOptions.cusumRelatedFalseAlarmsPerHour;
  const outcomes = s.outage.map((w): RegionOutcome => {
    const hit = opened.find((e) => e.region === w.region && e.at >= w.start && e.at <= w.start + w.minutes * MINUTE);
    const profile = s.regions.find((r) => r.region === w.region)!;
    const localHour = (new Date(w.start).getUTCHours() + profile.utcOffset + 24) % 24;
    const usual = usualAt(s, profile, w.start);
    const secs = (at: number | undefined) => (at === undefined ? null : Math.round((at - w.start) / 100) / 10);
    const times = nth.get(w.region) ?? [];
    return {
      region: w.region,
      perMinute: w.perMinute,
      usualPerMinute: +usual.toFixed(3),
      night: localHour < 7 || localHour >= 23,
      delaySeconds: hit ? Math.round((hit.at - w.start) / 100) / 10 : null,
      thirdReportSeconds: secs(times[2]),
      firstReportSeconds: secs(times[0]),
      secondReportSeconds: secs(times[1]),
      oracleSeconds: secs(oracle(all, w, usual, rho)),
      budgetForTarget: TARGETS[w.perMinute] === undefined ? null : budgetFor(all, w, usual, TARGETS[w.perMinute]!),
    };
  });
  return { seed: o.seed, reports, detectorSeconds: busy / 1000, falseAlarms, worldDelaySeconds: world ? (world.at - firstOutage) / 1000 : null, outcomes };
}

/** When the oracle CUSUM (see `oracleSeconds`) crosses its bar during the wave. */
function oracle(all: BenchReport[], w: OutageWave, usual: number, rho: number): number | undefined {
  const bar = Math.log((60 * usual) / rho);
  const step = Math.log((usual + w.perMinute) / usual);
  let value = 0;
  let last = w.start;
  for (const r of all) {
    if (r.region !== w.region || r.at < w.start) continue;
    if (r.at > w.start + w.minutes * MINUTE) return undefined;
    value = Math.max(0, value - (w.perMinute * (r.at - last)) / MINUTE) + step;
    last = r.at;
    if (value >= bar) return r.at;
  }
  return undefined;
}

/** The false-alarm rate (an hour) at which the oracle's CUSUM would have opened within `seconds` (see `budgetForTarget`). */
function budgetFor(all: BenchReport[], w: OutageWave, usual: number, seconds: number): number {
  const step = Math.log((usual + w.perMinute) / usual);
  let value = 0;
  let best = 0;
  let last = w.start;
  for (const r of all) {
    if (r.region !== w.region || r.at < w.start) continue;
    if (r.at > w.start + seconds * 1000) break;
    value = Math.max(0, value - (w.perMinute * (r.at - last)) / MINUTE) + step;
    last = r.at;
    best = Math.max(best, value);
  }
  return 60 * usual * Math.exp(-best);
}

function usualAt(s: Scenario, profile: Scenario['regions'][number], at: number): number {
  return usualRate(profile, at, s.basePerMinute) * (1 + (s.growth * (at - s.from)) / (s.to - s.from));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = process.argv.indexOf('--seeds');
  const seeds = arg > 0 ? seedList(process.argv[arg + 1]!) : [1, 2, 3];
  const o = { quietDays: 30, regions: 30 };
  const runs = seeds.map((seed) => {
    const run = runBench({ ...o, seed });
    process.stderr.write(`seed ${seed}: ${run.reports} reports, ${run.falseAlarms.length} false alarm(s), WORLD ${run.worldDelaySeconds} s\n`);
    return run;
  });
  const result = collect(runs, o);
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'detection.json'), JSON.stringify(result, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'detection.md'), markdown(result));
  console.log(markdown(result));
}
