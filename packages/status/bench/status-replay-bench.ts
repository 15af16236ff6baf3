// Replay throughput: 1,000,000 reports (30 days of diurnal traffic, five times the drill's volume,
// plus a few spikes) through the package's real `npm run --silent replay -- FILE` CLI, timed end
// to end including process start-up. Writes bench/results/status-replay.json (in this package).
//
//   npm run bench:replay -w @sirb/status [-- COUNT]
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateTraffic } from './status-traffic.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const target = Number(process.argv[2] ?? 1_000_000);
const DAY = 86_400_000;
const from = Date.UTC(2026, 0, 5);
const days = 30;

const dir = path.join(here, 'results', 'tmp');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `status-replay-${target}.ndjson`);

// Scale the base rate so the month holds about `target` reports, then stop exactly at it.
const basePerMinute = 0.3 * (target / 196_000);
const fd = fs.openSync(file, 'w');
let written = 0;
let buffer = '';
const spikes = [3, 11, 19, 27].map((d, i) => ({ region: ['GB', 'JP', 'US', 'SA'][i]!, start: from + d * DAY + 9 * 3_600_000, perMinute: 200, minutes: 30 }));
try {
  generateTraffic({ from, to: from + days * DAY, seed: 1, basePerMinute, spikes }, (r) => {
    if (written >= target) return;
    buffer += `{"at":"${new Date(r.at).toISOString()}","region":"${r.region}","problem":"${r.problem}"}\n`;
    written++;
    if (buffer.length > 1 << 20) {
      fs.writeSync(fd, buffer);
      buffer = '';
    }
  });
  fs.writeSync(fd, buffer);
} finally {
  fs.closeSync(fd);
}

const run = promisify(execFile);
const started = performance.now();
const { stdout, stderr } = await run('npm', ['run', '--silent', 'replay', '--', file], {
  cwd: root,
  env: { ...process.env, STATUS_REPLAY_STATS: '1' },
  maxBuffer: 64 << 20,
});
const wallSeconds = (performance.now() - started) / 1000;
const inner = JSON.parse(stderr.trim().split('\n').pop()!);
const result = {
  measuredAt: new Date().toISOString(),
  command: `npm run --silent replay -- ${path.relative(root, file)}`,
  reports: written,
  fileMegabytes: +(fs.statSync(file).size / 1e6).toFixed(1),
  wallSeconds: +wallSeconds.toFixed(2),
  detectorLoopSeconds: +inner.seconds.toFixed(2),
  replayCpuSeconds: +inner.cpuSeconds.toFixed(2),
  loadAverage: os.loadavg().map((l) => +l.toFixed(1)),
  reportsPerSecond: Math.round(written / wallSeconds),
  detections: stdout.trim().split('\n').filter(Boolean).length,
  cpus: os.cpus().length,
  node: process.version,
};
fs.writeFileSync(path.join(here, 'results', 'status-replay.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
if (!process.env.KEEP) fs.rmSync(file);
