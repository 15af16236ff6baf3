// The rise CUSUM (src/detector/cusum.ts): its arithmetic by hand, its floor and margin on the usual
// rate, the larger rise it asks of a busy region, and what it adds to the window tests: evidence
// that does not depend on where the clock's minute boundary falls. Pure: time passed in explicitly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cusumBase, cusumRise, RiseCusum } from '../src/detector/cusum.js';
import { OutageDetector, type DetectionEvent } from '../src/detector/detector.js';
import { problemIndex } from '../src/detector/problems.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5);
const LOGIN = problemIndex('login');

describe('rise CUSUM arithmetic', () => {
  it('adds ln((base + rise) / base) a report, loses `rise` a minute, never goes below zero', () => {
    const c = new RiseCusum();
    c.reset(0);
    const step = Math.log((0.1 + 3) / 0.1);
    assert.ok(Math.abs(c.report(1_000, 0.1, 3) - step) < 1e-12);
    // 20 s later: a third of a minute at 3 a minute has taken 1 away.
    assert.ok(Math.abs(c.report(21_000, 0.1, 3) - (2 * step - 1)) < 1e-12);
    assert.ok(Math.abs(c.peek(21_000 + 30_000, 3) - (2 * step - 2.5)) < 1e-12);
    // Ten quiet minutes: back to zero, and no credit banked against the next rise.
    assert.equal(c.peek(21_000 + 10 * MIN, 3), 0);
    assert.ok(Math.abs(c.report(21_000 + 10 * MIN, 0.1, 3) - step) < 1e-12);
    // A late report counts as now: time never runs backwards.
    const before = c.value;
    assert.ok(Math.abs(c.report(5_000, 0.1, 3) - (before + step)) < 1e-12);
  });

  it('judges against the usual rate raised by its uncertainty, never below the floor', () => {
    assert.equal(cusumBase(0, 50, 0.1, 2, 0.05), 0.05, 'a silent region is not infinitely surprised');
    const learned = cusumBase(1, 1000, 0.04, 2, 0.05);
    const young = cusumBase(1, 4, 0.04, 2, 0.05);
    assert.ok(Math.abs(learned - (1 + 2 * Math.sqrt(0.001 + 0.04))) < 1e-12);
    assert.ok(young > learned, `a young baseline is less sure: ${young} > ${learned}`);
  });

  it('asks a busy region for a rise in proportion to its usual rate', () => {
    const o = { cusumRise: 5, cusumRiseShare: 3 };
    assert.equal(cusumRise(0.2, o), 5);
    assert.equal(cusumRise(4, o), 12);
  });
});

/**
 * Four weeks of a quiet trickle: `perHour` reports an hour in each region, from many places. About
 * the same problem as the bursts, so the problem mix (problem-mix.ts) weighs nothing:
 * these tests are about the counts.
 */
function quietWeeks(d: OutageDetector, regions: string[], perHour: number): number {
  let t = T0;
  let n = 0;
  for (; t < T0 + 28 * 24 * HOUR; t += HOUR / perHour) {
    for (const r of regions) d.observe(t + (n++ % 7) * 1000, r, LOGIN, `${r}-${n}`);
  }
  return Math.ceil(t / HOUR) * HOUR + 17 * MIN;
}

function burst(d: OutageDetector, region: string, times: number[]): DetectionEvent | undefined {
  const events: DetectionEvent[] = [];
  times.forEach((at, i) => events.push(...d.observe(at, region, LOGIN, `${region}-b${i}`)));
  return events.find((e) => e.event === 'opened' && e.region === region);
}

describe('detector: the rise CUSUM beside the window tests', () => {
  function relatedOutage(options = {}): { d: OutageDetector; t: number } {
    const d = new OutageDetector(options);
    const t = quietWeeks(d, ['SA', 'EG', 'KW'], 2);
    for (const [region, from] of [['SA', t], ['EG', t + 2 * MIN]] as const) {
      burst(d, region, Array.from({ length: 80 }, (_, i) => from + i * 1500));
    }
    assert.ok(d.openRegions().some((r) => r.region === 'WORLD'), 'WORLD open');
    return { d, t: t + 5 * MIN };
  }

  it('while WORLD is open, three reports in 15 s over a silent baseline open the region even across a minute boundary', () => {
    // 50 s, 58 s and 65 s past the minute: no one-minute bucket holds more than two of them.
    const { d, t } = relatedOutage();
    const opened = burst(d, 'KW', [t + 50_000, t + 58_000, t + 65_000]);
    assert.ok(opened && opened.at === t + 65_000, `KW opened at ${opened ? (opened.at - t) / 1000 : 'never'} s`);
    // The window tests alone miss it: this is what the CUSUM adds.
    const without = relatedOutage({ cusumRelatedFalseAlarmsPerHour: 0, cusumBar: Infinity });
    assert.equal(burst(without.d, 'KW', [without.t + 50_000, without.t + 58_000, without.t + 65_000]), undefined);
  });

  it('does not open the same three reports spread over two minutes', () => {
    const { d, t } = relatedOutage();
    assert.equal(burst(d, 'KW', [t + 10_000, t + 70_000, t + 130_000]), undefined);
  });

  it('stays silent alone when a region of about one report a minute runs at three times that for an hour', () => {
    // Like a holiday that starts at midnight: busier, not broken. What keeps it quiet is the size of
    // the rise looked for: tuned to 2 a minute whatever the usual rate (and with no floor under the
    // learned swings, baseline.ts `cv2Floor`), the CUSUM opens the same hour.
    for (const [options, expectOpen] of [[{}, false], [{ cusumRise: 2, cusumRiseShare: 0, cv2Floor: 0 }, true]] as const) {
      const d = new OutageDetector(options);
      const t = quietWeeks(d, ['MA'], 60);
      const times = Array.from({ length: 180 }, (_, i) => t + Math.floor(i * (HOUR / 180)) + ((i * 7919) % 13) * 1000);
      const opened = burst(d, 'MA', times);
      assert.equal(opened !== undefined, expectOpen, `${JSON.stringify(options)}: opened ${opened ? new Date(opened.at).toISOString() : 'never'}`);
    }
  });
});
