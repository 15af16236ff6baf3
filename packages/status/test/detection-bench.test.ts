// The detection benchmark, small and seeded: quiet weeks with holidays, growth and a viral post's
// burst from one place raise nothing; the rolling outage opens every region (3/min within 3 min,
// ≥ 5/min over a quiet baseline within 60 s) and WORLD within 60 s. The full run is
// `npm run bench:detection -w @sirb/status` (bench/results/detection.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runBench } from '../bench/detection-bench.js';

describe('detection benchmark (fast)', () => {
  for (const seed of [11, 12]) {
    it(`seed ${seed}: no false alarm, every outage region and WORLD opened in time`, () => {
      const run = runBench({ seed, quietDays: 16, regions: 20 });
      assert.ok(run.reports > 40_000, `enough traffic (${run.reports})`);
      assert.deepEqual(run.falseAlarms.map((e) => `${e.region} ${new Date(e.at).toISOString()}`), []);
      assert.ok(run.worldDelaySeconds !== null && run.worldDelaySeconds <= 60, `WORLD after ${run.worldDelaySeconds} s`);
      for (const o of run.outcomes) {
        assert.notEqual(o.delaySeconds, null, `${o.region} (${o.perMinute}/min) never opened`);
        const limit = o.perMinute >= 5 && o.usualPerMinute < 1 ? 60 : 180;
        assert.ok(o.delaySeconds! <= limit, `${o.region}: ${o.perMinute}/min over ${o.usualPerMinute}/min usual opened after ${o.delaySeconds} s (limit ${limit})`);
      }
    });
  }
});
