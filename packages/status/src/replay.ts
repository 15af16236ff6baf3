// `npm run --silent status:replay -- FILE` (from the repository; `npm run --silent replay -- FILE`
// in this package): detections for an NDJSON file of reports, as NDJSON on stdout. Unusable lines
// are counted on stderr. STATUS_REPLAY_STATS=1 adds timing on stderr.
import fs from 'node:fs';
import path from 'node:path';
import { replayFile } from './detector/replay-file.js';

async function main(): Promise<void> {
  const arg = process.argv[2];
  if (!arg) {
    process.stderr.write('usage: npm run --silent status:replay -- FILE.ndjson\n');
    process.exit(2);
  }
  // npm runs this inside packages/status; a relative FILE is relative to where npm was started.
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), arg);
  if (!fs.existsSync(file)) {
    process.stderr.write(`status:replay: no such file: ${arg}\n`);
    process.exit(2);
  }
  const started = performance.now();
  const stats = await replayFile(file, (chunk) => process.stdout.write(chunk));
  const seconds = (performance.now() - started) / 1000;
  if (stats.skipped > 0) process.stderr.write(`status:replay: skipped ${stats.skipped} unusable line(s)\n`);
  if (process.env.STATUS_REPLAY_STATS) {
    // CPU time as well as wall time: on a shared machine the wall clock mostly measures the neighbours.
    const cpu = process.cpuUsage();
    process.stderr.write(JSON.stringify({ ...stats, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }) + '\n');
  }
}

await main();
