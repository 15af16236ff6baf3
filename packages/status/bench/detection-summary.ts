// The detection benchmark's summary: per volume class the median and worst delays, the issue's
// targets, what the oracle could do and at which false-alarm budget, and the Markdown report
// (bench/results/detection.md). The runs themselves are detection-bench.ts.
import os from 'node:os';
import type { BenchOptions, BenchRun, RegionOutcome } from './detection-bench.js';

export const VOLUMES = [3, 5, 10, 20, 50];
/** The issue's targets for a region whose usual rate is under 1 a minute: seconds, by outage volume. */
export const TARGETS: Record<number, number> = { 5: 60, 3: 180 };

export interface ClassSummary {
  perMinute: number;
  regions: number;
  detected: number;
  medianSeconds: number | null;
  worstSeconds: number | null;
  /** The same over regions whose usual volume was under 1 report a minute. */
  quietBaseline: { regions: number; medianSeconds: number | null; worstSeconds: number | null };
  /** When the third outage report arrived, over the same regions (a bound no detector beats). */
  quietThirdReport: { medianSeconds: number | null; worstSeconds: number | null };
  quietFirstReport: { medianSeconds: number | null; worstSeconds: number | null };
  quietSecondReport: { medianSeconds: number | null; worstSeconds: number | null };
  quietOracle: { medianSeconds: number | null; worstSeconds: number | null };
  /**
   * Regions with usual < 1/min opened within the issue's target (TARGETS); how many the oracle would,
   * and how many of those the detector did; how many the oracle could at a budget of 10⁻³ and 10⁻²
   * false alarms an hour per region (`budgetForTarget`), and the most any region would need.
   */
  target: {
    seconds: number;
    met: number;
    oracleMet: number;
    metWhereOracleMet: number;
    secondReportBy: number;
    reachableAt1e3: number;
    reachableAt1e2: number;
    worstBudget: number | null;
  } | null;
}

export function summarise(runs: BenchRun[]): ClassSummary[] {
  const all = runs.flatMap((r) => r.outcomes);
  return VOLUMES.map((v) => {
    const mine = all.filter((o) => o.perMinute === v);
    const quiet = mine.filter((o) => o.usualPerMinute < 1);
    return {
      perMinute: v,
      regions: mine.length,
      detected: mine.filter((o) => o.delaySeconds !== null).length,
      ...stats(mine),
      quietBaseline: { regions: quiet.length, ...stats(quiet) },
      quietThirdReport: stats(quiet.map((o) => ({ ...o, delaySeconds: o.thirdReportSeconds }))),
      quietFirstReport: stats(quiet.map((o) => ({ ...o, delaySeconds: o.firstReportSeconds }))),
      quietSecondReport: stats(quiet.map((o) => ({ ...o, delaySeconds: o.secondReportSeconds }))),
      quietOracle: stats(quiet.map((o) => ({ ...o, delaySeconds: o.oracleSeconds }))),
      target: TARGETS[v] === undefined ? null : met(quiet, TARGETS[v]!),
    };
  });
}

function met(outcomes: RegionOutcome[], seconds: number) {
  const within = (x: number | null) => x !== null && x <= seconds;
  const budgets = outcomes.map((o) => o.budgetForTarget ?? Infinity);
  return {
    seconds,
    met: outcomes.filter((o) => within(o.delaySeconds)).length,
    oracleMet: outcomes.filter((o) => within(o.oracleSeconds)).length,
    metWhereOracleMet: outcomes.filter((o) => within(o.oracleSeconds) && within(o.delaySeconds)).length,
    secondReportBy: outcomes.filter((o) => within(o.secondReportSeconds)).length,
    reachableAt1e3: budgets.filter((b) => b <= 1e-3).length,
    reachableAt1e2: budgets.filter((b) => b <= 1e-2).length,
    worstBudget: budgets.length ? +Math.max(...budgets).toPrecision(2) : null,
  };
}

function stats(outcomes: RegionOutcome[]): { medianSeconds: number | null; worstSeconds: number | null } {
  // An undetected region is the worst case there is.
  const delays = outcomes.map((o) => o.delaySeconds ?? Infinity).sort((a, b) => a - b);
  if (delays.length === 0) return { medianSeconds: null, worstSeconds: null };
  const fin = (x: number) => (Number.isFinite(x) ? x : null);
  const mid = delays.length % 2 ? delays[(delays.length - 1) / 2]! : Math.round(((delays[delays.length / 2 - 1]! + delays[delays.length / 2]!) / 2) * 10) / 10;
  return { medianSeconds: fin(mid), worstSeconds: fin(delays[delays.length - 1]!) };
}

export function markdown(result: ReturnType<typeof collect>): string {
  const s = (x: number | null) => (x === null ? 'never' : `${x} s`);
  const pair = (x: { medianSeconds: number | null; worstSeconds: number | null }) => `${s(x.medianSeconds)} / ${s(x.worstSeconds)}`;
  const lines = [
    '# Detection benchmark',
    '',
    `Measured ${result.measuredAt} with \`${result.command}\` (Node ${result.node}, ${result.cpus} CPUs, load ${result.loadAverage.join(' ')}).`,
    `${result.seeds.length} seeds × ${result.regionsPerRun} regions, ${result.quietDays} quiet days each then a rolling outage; ${result.reports.toLocaleString('en')} reports in all.`,
    '',
    '| Outage volume | Regions | Detected | Median delay | Worst delay | Usual < 1/min: median | worst | oracle: median | worst | 1st outage report | 2nd | 3rd (median / worst) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...result.classes.map((c) => `| ${c.perMinute}/min | ${c.regions} | ${c.detected} | ${s(c.medianSeconds)} | ${s(c.worstSeconds)} | ${s(c.quietBaseline.medianSeconds)} | ${s(c.quietBaseline.worstSeconds)} | ${s(c.quietOracle.medianSeconds)} | ${s(c.quietOracle.worstSeconds)} | ${pair(c.quietFirstReport)} | ${pair(c.quietSecondReport)} | ${pair(c.quietThirdReport)} |`),
    '',
    'Delays run from the step at which the region\'s outage traffic starts at its full volume (Poisson arrivals). The columns after "Usual < 1/min"',
    'are over the same regions (usual rate under one report a minute). The oracle is a CUSUM that knows the region\'s true usual rate and the',
    'outage\'s rise, held to the related bar\'s false-alarm budget without the prior (`oracleSeconds` in detection-bench.ts): what the reports allow',
    'at that budget. The last three columns say when the 1st, 2nd and 3rd outage reports arrived: a detector that needs two reports cannot beat',
    'the 2nd column (outage reports only; the region\'s usual reports can add one).',
    '',
    'The issue\'s targets, over regions whose usual rate is under 1 a minute:',
    '',
    ...result.classes.filter((c) => c.target).map((c) => `* ${c.perMinute}/min within ${c.target!.seconds} s: **${c.target!.met} of ${c.quietBaseline.regions}** regions (the oracle: ${c.target!.oracleMet}, and the detector met **${c.target!.metWhereOracleMet}** of those; the 2nd outage report had arrived in ${c.target!.secondReportBy}).`),
    '',
    'How many of those regions any detector could open within the target, by the false alarms it accepts: the oracle\'s CUSUM',
    'would need a budget of 60·u·e^−S an hour per region, S being the most evidence it held by then (`budgetForTarget`).',
    'The detector\'s related bar is held to 10⁻⁴ (cusum.ts `relatedCusumBar`). The oracle weighs counts only; the detector also weighs',
    'each report\'s problem against what the open worldwide outage is about (problem-mix.ts), so it can beat the oracle.',
    '',
    ...result.classes.filter((c) => c.target).map((c) => `* ${c.perMinute}/min within ${c.target!.seconds} s: reachable at 10⁻³ in ${c.target!.reachableAt1e3}, at 10⁻² in ${c.target!.reachableAt1e2} of ${c.quietBaseline.regions}; the hardest would need ${c.target!.worstBudget} false alarms an hour per region.`),
    '',
    `WORLD opened after: ${result.worldDelaySeconds.map(s).join(', ')} (per seed, from the first region's outage).`,
    '',
    `False alarms: **${result.falseAlarms.length}**${result.falseAlarms.length ? ' — ' + result.falseAlarms.map((e) => `${e.region} ${new Date(e.at).toISOString()}`).join(', ') : ''}.`,
    '',
    `Detector speed: ${result.reportsPerSecond.toLocaleString('en')} reports/s of CPU time (${result.detectorSeconds} s for all seeds, generation excluded).`,
    '',
  ];
  return lines.join('\n');
}

function seedSpec(seeds: number[]): string {
  const consecutive = seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1);
  return consecutive && seeds.length > 2 ? `${seeds[0]}-${seeds[seeds.length - 1]}` : seeds.join(',');
}

/** "1,2,5" or "1-20". */
export function seedList(spec: string): number[] {
  return spec.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    return to === undefined ? [from!] : Array.from({ length: to - from! + 1 }, (_, i) => from! + i);
  });
}

export function collect(runs: BenchRun[], o: Omit<BenchOptions, 'seed'>) {
  const reports = runs.reduce((n, r) => n + r.reports, 0);
  const detectorSeconds = runs.reduce((n, r) => n + r.detectorSeconds, 0);
  return {
    measuredAt: new Date().toISOString(),
    command: `npm run bench:detection -w @sirb/status -- --seeds ${seedSpec(runs.map((r) => r.seed))}`,
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((l) => +l.toFixed(1)),
    seeds: runs.map((r) => r.seed),
    regionsPerRun: o.regions,
    quietDays: o.quietDays,
    reports,
    detectorSeconds: +detectorSeconds.toFixed(2),
    reportsPerSecond: Math.round(reports / detectorSeconds),
    classes: summarise(runs),
    worldDelaySeconds: runs.map((r) => r.worldDelaySeconds),
    falseAlarms: runs.flatMap((r) => r.falseAlarms),
    outcomes: runs.map((r) => ({ seed: r.seed, regions: r.outcomes })),
  };
}
