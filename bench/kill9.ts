// `npm run chaos:kill9` (issue 13's acceptance figure): on each backend, 20 kill -9 of the app
// process while several clients post with Idempotency-Keys; after each restart every post that
// got a 2xx must be there, and every request cut by the kill, retried with its key, must give
// exactly one post. `--kills=N`, `--backend=embedded|postgres_redis`. Writes
// bench/results/kill9.{json,md}.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BACKENDS, prepareBackend, type BackendName } from './lib/backend.js';
import { startAppProcess } from '../test/helpers/process.js';
import { CHAOS_ENV, runKillChaos, type ChaosResult } from '../test/helpers/write-chaos.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const KILLS = Number(arg('kills') ?? 20);
const CLIENTS = Number(arg('clients') ?? 6);
const only = arg('backend') as BackendName | undefined;
const REDIS_URL = process.env.SIRB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RESULTS = path.resolve(import.meta.dirname, 'results');
const log = (message: string) => process.stderr.write(`${message}\n`);

async function retry<T>(times: number, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= times) throw error;
      log(`start failed (${error instanceof Error ? error.message.slice(0, 120) : error}); trying again`);
    }
  }
}

const results: Partial<Record<BackendName, ChaosResult & { seconds: number }>> = {};
for (const name of BACKENDS.filter((b) => !only || b === only)) {
  const backend = await prepareBackend(name, 'kill9');
  const started = Date.now();
  try {
    log(`${name}: ${KILLS} kills, ${CLIENTS} clients posting`);
    const result = await runKillChaos({
      kills: KILLS,
      clients: CLIENTS,
      loadMs: [500, 2500],
      log: (message) => log(`${name}: ${message}`),
      // A start that times out on an overloaded machine is tried again (the store is the same).
      start: () => retry(3, () =>
        startAppProcess({
          port: backend.port,
          dataDir: backend.dataDir,
          backend: backend.databaseUrl ? { databaseUrl: backend.databaseUrl, redisUrl: REDIS_URL, redisPrefix: `sirb:kill9:${process.pid}:`, drop: async () => {} } : undefined,
          env: CHAOS_ENV,
        })),
    });
    results[name] = { ...result, seconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    await backend.close();
  }
}

const when = new Date().toISOString();
fs.mkdirSync(RESULTS, { recursive: true });
// A run of one backend keeps the other's figures from an earlier run.
const earlier = only && fs.existsSync(path.join(RESULTS, 'kill9.json')) ? JSON.parse(fs.readFileSync(path.join(RESULTS, 'kill9.json'), 'utf8')).results ?? {} : {};
for (const [name, result] of Object.entries(earlier)) if (!(name in results)) results[name as BackendName] = result as ChaosResult & { seconds: number };
fs.writeFileSync(path.join(RESULTS, 'kill9.json'), `${JSON.stringify({ when, kills: KILLS, clients: CLIENTS, cores: os.cpus().length, node: process.version, results }, null, 2)}\n`);
const rows = (Object.entries(results) as [BackendName, ChaosResult & { seconds: number }][]).map(
  ([name, r]) =>
    `| ${name} | ${r.rounds.length} | ${r.acknowledged} | ${r.lost} | ${r.unanswered} | ${r.retried} | ${r.duplicated.length} | ${r.unexpected} | ${r.posts} | ${Math.round(r.rounds.reduce((n, x) => n + x.restartMs, 0) / r.rounds.length)} ms | ${r.seconds} s |`,
);
const md = `# kill -9 under write load (${when})

\`npm run chaos:kill9\`: ${KILLS} SIGKILLs of the app process per backend, each once every one of ${CLIENTS} clients posting
concurrently with Idempotency-Keys has had a post acknowledged in the round, plus 0.5–2.5 s; restart on the same store; every acknowledged (2xx) post is read back; every request that got
an error or no answer is retried with its key until it succeeds; finally every client's posts are listed and counted per key.
${os.cpus().length} cores, Node ${process.version}, server and clients on the same machine.

| backend | kills | acknowledged | lost | cut by the kill (no answer / error) | retried to a post | keys with 2 posts | unexplained posts | posts in the end | mean restart | run |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Holds when lost = 0, keys with 2 posts = 0, unexplained = 0, and posts in the end = acknowledged + retried.
`;
fs.writeFileSync(path.join(RESULTS, 'kill9.md'), md);
process.stdout.write(md);
const failed = Object.values(results).some((r) => r!.lost || r!.duplicated.length || r!.unexpected || r!.posts !== r!.acknowledged + r!.retried);
process.exit(failed ? 1 : 0);
