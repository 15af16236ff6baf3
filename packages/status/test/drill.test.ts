// The acceptance drill (19 January 2016 pattern) and the 30-noise-days false-positive check,
// both through the pure detector with the seeded generators in bench/.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runDrill, runNoiseDays } from '../bench/status-drill.js';

describe('outage drill', () => {
  it('detects every region of the rolling 2016-01-19 outage within 60 s of its spike', () => {
    const result = runDrill(2016, 28);
    assert.equal(result.falsePositivesBeforeOutage, 0, 'four quiet weeks raise nothing');
    for (const r of result.regions) {
      assert.notEqual(r.delaySeconds, null, `${r.region} was never detected`);
      assert.ok(r.delaySeconds! >= 0 && r.delaySeconds! <= 60, `${r.region} detected after ${r.delaySeconds}s`);
      assert.notEqual(r.resolvedAt, null, `${r.region} resolved by itself`);
    }
    assert.notEqual(result.worldOpenedAt, null, 'the worldwide aggregate opens too');
  });

  it('raises no incident over 30 days of normal diurnal traffic with noise', () => {
    for (const seed of [7, 8]) {
      const { reports, events } = runNoiseDays(30, seed);
      assert.ok(reports > 150_000, `enough traffic to mean something (${reports})`);
      assert.deepEqual(events.filter((e) => e.event === 'opened'), [], `seed ${seed}`);
    }
  });
});
