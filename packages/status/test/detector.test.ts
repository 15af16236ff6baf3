// Pure unit tests of the outage detector: no I/O, time passed in explicitly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutageDetector, type DetectionEvent } from '../src/detector/detector.js';
import { problemIndex } from '../src/detector/problems.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);

function feed(d: OutageDetector, at: number, region: string, problem: string, n = 1, spreadMs = 0): DetectionEvent[] {
  const out: DetectionEvent[] = [];
  for (let i = 0; i < n; i++) out.push(...d.observe(at + Math.floor((i * spreadMs) / Math.max(1, n)), region, problemIndex(problem)));
  return out;
}

/** Two days of a steady trickle (2 reports an hour per region) so the baseline is warm. */
function warm(d: OutageDetector, regions: string[], days = 2): number {
  let t = T0;
  for (; t < T0 + days * 86_400_000; t += 30 * MIN) {
    for (const r of regions) d.observe(t, r, problemIndex('other'));
  }
  return t;
}

describe('outage detector', () => {
  it('does not fire on a handful of reports at a cold start', () => {
    const d = new OutageDetector();
    const events = feed(d, T0, 'GB', 'login', 10, 60_000);
    assert.deepEqual(events, []);
  });

  it('opens a region and the world on a spike, naming the problems, then resolves after quiet', () => {
    const d = new OutageDetector();
    const t = warm(d, ['GB', 'FR', 'JP']);
    const events: DetectionEvent[] = [];
    // 40 reports a minute from GB, mostly login.
    for (let i = 0; i < 120; i++) {
      events.push(...d.observe(t + i * 1500, 'GB', problemIndex(i % 4 === 0 ? 'website' : 'login')));
    }
    const opened = events.filter((e) => e.event === 'opened');
    assert.ok(opened.some((e) => e.region === 'GB'), 'GB opened');
    const gb = opened.find((e) => e.region === 'GB')!;
    assert.ok(gb.at - t < 60_000, `GB detected after ${(gb.at - t) / 1000}s`);
    assert.equal(gb.problems[0], 'login');
    assert.ok(gb.problems.includes('website'));
    assert.ok(!opened.some((e) => e.region === 'FR' || e.region === 'JP'), 'quiet regions stay closed');

    // Silence: the window empties, and after the quiet period both resolve without new reports.
    const later = d.advance(t + 60 * MIN);
    const resolved = later.filter((e) => e.event === 'resolved').map((e) => e.region).sort();
    assert.deepEqual(resolved, opened.map((e) => e.region).sort());
    const gbResolved = later.find((e) => e.region === 'GB')!;
    assert.ok(gbResolved.at > t + 15 * MIN && gbResolved.at <= t + 25 * MIN, 'resolves after ~15 quiet minutes');
    assert.deepEqual(d.openRegions(), []);
  });

  it('judges a busy evening against its own hour: usual volume there does not alarm', () => {
    const d = new OutageDetector();
    // Three weeks where 19:00–20:00 UTC carries 30 reports every five minutes and the rest 1.
    const events: DetectionEvent[] = [];
    for (let t = T0; t < T0 + 21 * 86_400_000; t += 10_000) {
      const busy = new Date(t).getUTCHours() === 19;
      if (busy || t % (5 * MIN) === 0) events.push(...d.observe(t, 'SA', problemIndex('timeline')));
    }
    assert.deepEqual(events.filter((e) => e.event === 'opened' && e.at > T0 + 86_400_000 * 3), []);
    // The same 30-in-five-minutes at 04:00 is a spike.
    const night = T0 + 21 * 86_400_000 + 4 * 3_600_000;
    const spike = feed(d, night, 'SA', 'timeline', 30, 5 * MIN);
    assert.ok(spike.some((e) => e.event === 'opened' && e.region === 'SA'));
  });

  it('never lets time run backwards: a late report counts as now', () => {
    const d = new OutageDetector();
    d.observe(T0 + 10 * MIN, 'GB', 0);
    assert.doesNotThrow(() => d.observe(T0, 'GB', 0));
    assert.equal(d.now, T0 + 10 * MIN);
  });
});
