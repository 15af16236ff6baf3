// Drill: replays the shape of Twitter's outage of 19 January 2016 through the outage detector.
// Four quiet weeks teach it the usual diurnal volume; then, from 08:00 GMT, reports spike to 200 in
// five minutes region by region: GB and Europe first, Japan, then the US and the Middle East by
// 09:30. We measure how long after each region's spike began the detector opened it.
//
//   npm run drill -w @sirb/status     → prints and writes packages/status/bench/results/status-drill.json
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutageDetector, type DetectionEvent } from '../src/detector/detector.js';
import { problemIndex } from '../src/detector/problems.js';
import { generateTraffic, type Spike } from './status-traffic.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

export const OUTAGE_DAY = Date.UTC(2016, 0, 19);
const at = (hh: number, mm: number): number => OUTAGE_DAY + hh * 3_600_000 + mm * MINUTE;

// 200 reports in five minutes = 40 a minute, held for 40 minutes as the outage rolls on.
const spike = (region: string, start: number): Spike => ({ region, start, perMinute: 40, minutes: 40 });
export const DRILL_SPIKES: Spike[] = [
  spike('GB', at(8, 0)),
  spike('FR', at(8, 3) + 17_000),
  spike('DE', at(8, 6) + 41_000),
  spike('JP', at(8, 31) + 5_000),
  spike('US', at(9, 2) + 30_000),
  spike('SA', at(9, 18) + 12_000),
  spike('AE', at(9, 24)),
  spike('EG', at(9, 29) + 45_000),
];

export interface RegionResult {
  region: string;
  spikeStart: string;
  detectedAt: string | null;
  delaySeconds: number | null;
  resolvedAt: string | null;
}

export interface DrillResult {
  seed: number;
  baselineDays: number;
  reports: number;
  regions: RegionResult[];
  falsePositivesBeforeOutage: number;
  worldOpenedAt: string | null;
  detectorSeconds: number;
}

export function runDrill(seed = 2016, baselineDays = 28): DrillResult {
  const detector = new OutageDetector();
  const events: DetectionEvent[] = [];
  let reports = 0;
  let busy = 0;
  generateTraffic(
    { from: OUTAGE_DAY - baselineDays * DAY, to: at(12, 0), seed, spikes: DRILL_SPIKES },
    (r) => {
      reports++;
      const started = performance.now();
      events.push(...detector.observe(r.at, r.region, problemIndex(r.problem)));
      busy += performance.now() - started;
    },
  );
  events.push(...detector.advance(at(12, 0)));
  const iso = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());
  const regions = DRILL_SPIKES.map((s): RegionResult => {
    const opened = events.find((e) => e.event === 'opened' && e.region === s.region && e.at >= s.start);
    const resolved = events.find((e) => e.event === 'resolved' && e.region === s.region && e.at >= s.start);
    return {
      region: s.region,
      spikeStart: new Date(s.start).toISOString(),
      detectedAt: iso(opened?.at),
      delaySeconds: opened ? (opened.at - s.start) / 1000 : null,
      resolvedAt: iso(resolved?.at),
    };
  });
  return {
    seed,
    baselineDays,
    reports,
    regions,
    falsePositivesBeforeOutage: events.filter((e) => e.event === 'opened' && e.at < at(8, 0)).length,
    worldOpenedAt: iso(events.find((e) => e.event === 'opened' && e.region === 'WORLD' && e.at >= at(8, 0))?.at),
    detectorSeconds: busy / 1000,
  };
}

/** Normal traffic only: every "opened" event here is a false positive. */
export function runNoiseDays(days = 30, seed = 7): { reports: number; events: DetectionEvent[] } {
  const detector = new OutageDetector();
  const events: DetectionEvent[] = [];
  let reports = 0;
  const from = Date.UTC(2026, 0, 5);
  generateTraffic({ from, to: from + days * DAY, seed }, (r) => {
    reports++;
    events.push(...detector.observe(r.at, r.region, problemIndex(r.problem)));
  });
  return { reports, events };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const drill = runDrill();
  const noise = [7, 8, 9].map((seed) => {
    const run = runNoiseDays(30, seed);
    return { seed, days: 30, reports: run.reports, falsePositives: run.events.filter((e) => e.event === 'opened').length };
  });
  const result = { generatedAt: new Date().toISOString(), drill, noise };
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'status-drill.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
}
