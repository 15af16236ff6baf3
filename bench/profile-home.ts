// A CPU profile of the server process serving only home timeline reads (and, separately,
// only the bare route), for finding where a home read's time goes. Not a benchmark: the
// profiler slows everything; read shares, not speeds.
//   npx tsx bench/profile-home.ts [seconds=8]   → profiles in bench/results/profile/*.cpuprofile
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, migrateToLatest } from '../src/db/database.js';
import { freePort } from '../test/helpers/server.js';
import { startAppProcess } from '../test/helpers/process.js';
import { seed } from './lib/seed.js';
import { load } from './lib/load.js';

const seconds = Number(process.argv[2] ?? 8);
/** --no-profile: measure the server's CPU per request instead (the profiler would skew it). */
const profile = !process.argv.includes('--no-profile');
const cpuSeconds = (pid: number | undefined) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const outDir = path.resolve(import.meta.dirname, 'results/profile');
fs.mkdirSync(outDir, { recursive: true });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-prof-'));
const port = await freePort();
const db = openDatabase({ dataDir });
await migrateToLatest(db);
const data = await seed(db.kysely, { users: 20_000, posts: 60_000, starFollowers: 10_000, meanFollows: 5, tokenUsers: 150, publicUrl: `http://127.0.0.1:${port}` });
await db.close();
const tokens = data.tokens.map((t) => t.token);
for (const route of ['/api/v1/timelines/home', '/api/v1/custom_emojis']) {
  const server = await startAppProcess({ port, dataDir, env: { SIRB_RATE_LIMIT: '1000000000', LOG_LEVEL: 'warn', ...(profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${outDir} --cpu-prof-name=${route.split('/').pop()}.cpuprofile` } : {}) } });
  for (const token of tokens) await fetch(`${server.url}${route}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
  await load({ url: server.url, path: route, tokens, connections: 20, seconds: 2 });
  const before = cpuSeconds(server.child.pid);
  const result = await load({ url: server.url, path: route, tokens, connections: 20, seconds });
  const cpuUs = Math.round(((cpuSeconds(server.child.pid) - before) * 1e6) / result.requests);
  process.stderr.write(`${route}: ${Math.round(result.rps)} req/s, ${cpuUs} µs of server CPU per request, ${result.bytesPerResponse} bytes per response\n`);
  await server.kill('SIGTERM');
}
fs.rmSync(dataDir, { recursive: true, force: true });
