// /metrics passes Prometheus's own linter, `promtool check metrics` (Debian's prometheus package;
// .ci/run installs it). Outside CI a machine without promtool skips this test and says so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, it } from 'node:test';
import type { ComponentStatus } from '../src/components/catalog.js';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { tempDir } from './helpers.js';

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const missing = promtool.error ? 'promtool is not installed (apt-get install prometheus)' : undefined;
if (missing && process.env.CI) throw new Error(`${missing}: CI must install it (.ci/run)`);

let svc: RunningStatusService;
before(async () => {
  svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', logLevel: 'silent', background: false });
  // Every family with samples: probe durations, statuses, reports.
  svc.ctx.metrics.probes(
    [{ component: 'api', at: Date.now(), ok: true, latencyMs: 42 }, { component: 'posting', at: Date.now(), ok: false, latencyMs: 3000, error: 'answered 500' }],
    new Map<string, ComponentStatus>([['api', 'operational'], ['posting', 'major_outage']]),
  );
  svc.ctx.metrics.report('login');
});
after(async () => {
  await svc?.stop();
});

it('serves /metrics that `promtool check metrics` accepts without a single lint problem', { skip: missing }, async () => {
  const res = await fetch(`${svc.url}/metrics`);
  assert.equal(res.status, 200);
  const text = await res.text();
  assert.match(text, /sirb_status_probe_duration_seconds_bucket/);
  const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(lint.status, 0, `promtool check metrics:\n${lint.stdout}${lint.stderr}`);
  assert.equal(`${lint.stdout}${lint.stderr}`.trim(), '', 'no lint warnings');
});
