// The detector's statistic at low counts: negative-binomial tails, critical counts, a young
// baseline's wider tails, evidence that accumulates, one place's limited say, and the lower bar
// while an outage is visible elsewhere. Pure: no I/O, time passed in explicitly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutageDetector, type DetectionEvent } from '../src/detector/detector.js';
import { criticalCounts, evidence, logGamma } from '../src/detector/evidence.js';
import { problemIndex } from '../src/detector/problems.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5);
const LOGIN = problemIndex('login');

describe('evidence: negative-binomial tails at low counts', () => {
  it('matches the Poisson tail computed by hand', () => {
    assert.ok(Math.abs(logGamma(5) - Math.log(24)) < 1e-12);
    assert.ok(Math.abs(logGamma(0.5) - Math.log(Math.sqrt(Math.PI))) < 1e-12);
    // P(X ≥ 3) for Poisson(0.05) = 1 − e^−0.05 (1 + 0.05 + 0.00125)
    const p = 1 - Math.exp(-0.05) * (1 + 0.05 + 0.05 ** 2 / 2);
    assert.ok(Math.abs(evidence(3, { mean: 0.05, size: Infinity }) - -Math.log10(p)) < 1e-6);
    assert.equal(evidence(1, { mean: 2, size: Infinity }), 0, 'at or below the mean is no evidence');
    // Deep tails stay finite and exact: 40 where 1 is usual.
    const deep = evidence(40, { mean: 1, size: Infinity });
    // e^−1/40! · (1 + 1/41 + 1/(41·42) + …)
    const byHand = -(-1 - logGamma(41) + Math.log(1 + 1 / 41 + 1 / (41 * 42) + 1 / (41 * 42 * 43))) / Math.LN10;
    assert.ok(Math.abs(deep - byHand) < 1e-6, `${deep} vs ${byHand}`);
  });

  it('widens the tail when the rate is uncertain (young baseline, overdispersion)', () => {
    const sure = evidence(5, { mean: 0.1, size: Infinity });
    const learned = evidence(5, { mean: 0.1, size: 20 });
    const young = evidence(5, { mean: 0.1, size: 2 });
    assert.ok(sure > learned && learned > young, `${sure} > ${learned} > ${young}`);
    const [youngCrit] = criticalCounts({ mean: 0.1, size: 2 }, [8]);
    const [oldCrit] = criticalCounts({ mean: 0.1, size: 30 }, [8]);
    assert.ok(youngCrit! > oldCrit!, `young ${youngCrit} > learned ${oldCrit}`);
  });

  it('gives the smallest count that reaches each bar', () => {
    for (const m of [{ mean: 0.03, size: 5 }, { mean: 0.5, size: 12 }, { mean: 8, size: 15 }, { mean: 120, size: 40 }, { mean: 5000, size: Infinity }]) {
      const [hi, lo] = criticalCounts(m, [8, 4]);
      assert.ok(evidence(hi!, m) >= 8 && evidence(hi! - 1, m) < 8, `bar 8 at ${JSON.stringify(m)}: ${hi}`);
      assert.ok(evidence(lo!, m) >= 4 && evidence(lo! - 1, m) < 4, `bar 4 at ${JSON.stringify(m)}: ${lo}`);
      assert.ok(lo! <= hi!);
    }
  });
});

/** Four weeks of a quiet trickle: `perHour` reports an hour in each region, from many places. */
function quietWeeks(d: OutageDetector, regions: string[], perHour: number, weeks = 4): number {
  let t = T0;
  let n = 0;
  const step = HOUR / perHour;
  for (; t < T0 + weeks * 7 * 24 * HOUR; t += step) {
    for (const r of regions) d.observe(t + (n++ % 7) * 1000, r, problemIndex('other'), `${r}-${n}`);
  }
  return Math.ceil(t / HOUR) * HOUR + 17 * MIN;
}

/** `perMinute` reports a minute, evenly spread, from distinct places; returns the first opening of `region`. */
function rise(d: OutageDetector, region: string, from: number, perMinute: number, minutes: number, place = (i: number) => `${region}-x${i}`): DetectionEvent | undefined {
  const events: DetectionEvent[] = [];
  const n = perMinute * minutes;
  for (let i = 0; i < n; i++) events.push(...d.observe(from + Math.floor(((i + 0.5) * MIN) / perMinute), region, LOGIN, place(i)));
  events.push(...d.advance(from + minutes * MIN));
  return events.find((e) => e.event === 'opened' && e.region === region);
}

describe('detector: statistics instead of thresholds', () => {
  it('opens a quiet region rising to 5 reports a minute within 60 s, and 3 a minute within 3 min', () => {
    const d = new OutageDetector();
    const t = quietWeeks(d, ['MA', 'TN', 'JO'], 2);
    const five = rise(d, 'MA', t, 5, 5);
    assert.ok(five && five.at - t <= 60_000, `5/min opened after ${five ? (five.at - t) / 1000 : 'never'} s`);
    const d3 = new OutageDetector();
    const t3 = quietWeeks(d3, ['MA', 'TN', 'JO'], 2);
    const three = rise(d3, 'TN', t3, 3, 6);
    assert.ok(three && three.at - t3 <= 180_000, `3/min opened after ${three ? (three.at - t3) / 1000 : 'never'} s`);
  });

  it('does not open a busy region on the same few reports', () => {
    const d = new OutageDetector();
    const t = quietWeeks(d, ['US'], 120); // two a minute, usual
    // Five a minute where two are usual: three extra, as many as open a quiet region in minutes.
    assert.equal(rise(d, 'US', t, 5, 3), undefined, 'three extra a minute over two usual is within its swings');
  });

  it('lets evidence accumulate: a rise too small for one minute opens over several', () => {
    const d = new OutageDetector();
    const t = quietWeeks(d, ['JO'], 6);
    const events: DetectionEvent[] = [];
    // Two a minute: never enough in one minute, plenty over ten.
    for (let i = 0; i < 20; i++) events.push(...d.observe(t + i * 30_000, 'JO', LOGIN, `JO-y${i}`));
    const opened = events.find((e) => e.event === 'opened' && e.region === 'JO');
    assert.ok(opened, 'opened on accumulated evidence');
    assert.ok(opened.at - t > 60_000, 'but not within the first minute');
  });

  it('gives one place a limited say: 60 reports from one network open nothing, 60 from 60 do', () => {
    const d = new OutageDetector();
    const t = quietWeeks(d, ['KW', 'QA'], 2);
    assert.equal(rise(d, 'KW', t, 6, 10, () => 'KW-campus'), undefined);
    assert.ok(d.windowCount('KW') <= 3, 'at most the cap counted');
    assert.ok(rise(d, 'QA', t, 6, 10), 'many places: an outage');
  });

  it('needs less evidence while the outage is visible elsewhere (WORLD or two other regions open)', () => {
    const lone = new OutageDetector();
    const t = quietWeeks(lone, ['SA', 'EG', 'AE', 'KW'], 2);
    // Three reports in a minute in a quiet region: suspicious, not conclusive on their own.
    const three = (d: OutageDetector, at: number) => rise(d, 'KW', at, 3, 1);
    assert.equal(three(lone, t), undefined);
    const related = new OutageDetector();
    quietWeeks(related, ['SA', 'EG', 'AE', 'KW'], 2);
    assert.ok(rise(related, 'SA', t, 40, 2), 'SA opens');
    assert.ok(rise(related, 'EG', t + 2 * MIN, 40, 2), 'EG opens');
    assert.ok(related.openRegions().some((r) => r.region === 'WORLD'), 'WORLD opens with them');
    assert.ok(three(related, t + 4 * MIN), 'the same three reports now open KW');
  });

  it('says how long a region has been learned, so wording can avoid "usual" on day one', () => {
    const d = new OutageDetector();
    const t = quietWeeks(d, ['GB'], 2, 1);
    rise(d, 'GB', t, 40, 2);
    const gb = d.openRegions().find((r) => r.region === 'GB')!;
    assert.ok(gb.hoursLearned! >= 24 * 7 - 1 && gb.hoursLearned! < 24 * 8, `${gb.hoursLearned}`);
    assert.ok(d.evidence('GB') > 8);
  });
});
