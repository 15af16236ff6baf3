// Load shedding that sheds overload, not bursts (issue 13). A real app process on its own
// PostgreSQL database, seeded (bench/lib/seed.ts) with a follow graph and posts so that a cold
// home read is real work, reached through a TCP proxy the test controls. With the default pool
// limits:
//   (a) healthy database, bursts of 60 concurrent cold home reads (followers of a star, each
//       reading for the first time): every one answered 200, none refused;
//   (b) the database hung (accepts, never answers), the same kind of burst: every answer a 503
//       with Retry-After within a bounded time, no 500, and the process's memory bounded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import fs from 'node:fs';
import { migrateToLatest, openPostgres } from '../../src/db/database.js';
import { seed } from '../../bench/lib/seed.js';
import { TEST_BACKEND } from '../helpers/backend.js';
import type { AppProcess } from '../helpers/process.js';
import type { TcpProxy } from '../helpers/tcp-proxy.js';
import { startChaosApp, type ChaosApp } from '../helpers/chaos-app.js';

const skip = TEST_BACKEND !== 'postgres' ? 'PostgreSQL load shedding is tested on the postgres backend' : false;
const BURST = 60;

let rig: ChaosApp;
let proxy: TcpProxy;
let app: AppProcess;
/** Followers' tokens, each used for one cold read only. */
let unread: string[] = [];

before(async () => {
  if (skip) return;
  rig = await startChaosApp({
    name: 'pg-burst',
    pgProxy: true,
    // Default pool limits: what is tested is what runs. Rate limits off: the burst is the point.
    env: { SIRB_RATE_LIMIT: '1000000' },
    beforeStart: async (backend, port) => {
      const db = openPostgres(backend.databaseUrl!);
      await migrateToLatest(db);
      const data = await seed(db.kysely, { users: 4000, posts: 40_000, starFollowers: 3000, meanFollows: 30, tokenUsers: 4 * BURST + 20, publicUrl: `http://127.0.0.1:${port}` });
      // As after any bulk load (and as bench/lib/backend.ts does): the planner needs the statistics.
      await sql`analyze`.execute(db.kysely);
      await db.close();
      unread = data.tokens.map((t) => t.token);
    },
  });
  app = rig.app;
  proxy = rig.pgProxy!;
});

after(async () => {
  if (!skip) await rig?.close();
});

interface Answer { status: number; retryAfter: string | null; error?: string; ms: number }

async function coldHomeBurst(): Promise<Answer[]> {
  const tokens = unread.splice(0, BURST);
  assert.equal(tokens.length, BURST, 'enough unused followers for a cold burst');
  return Promise.all(tokens.map(async (token) => {
    const started = performance.now();
    try {
      const res = await fetch(`${app.url}/api/v1/timelines/home?limit=20`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(60_000) });
      const body = (await res.json()) as unknown;
      const error = Array.isArray(body) ? undefined : (body as { error?: string }).error;
      return { status: res.status, retryAfter: res.headers.get('retry-after'), error, ms: performance.now() - started };
    } catch (error) {
      return { status: 0, retryAfter: null, error: String(error), ms: performance.now() - started };
    }
  }));
}

const byStatus = (answers: Answer[]) => answers.reduce<Record<string, number>>((n, a) => ({ ...n, [a.status]: (n[a.status] ?? 0) + 1 }), {});
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

test('healthy PostgreSQL: bursts of 60 concurrent cold home reads are all served, none shed', { skip, timeout: 300_000 }, async (t) => {
  for (let round = 1; round <= 2; round++) {
    const answers = await coldHomeBurst();
    const slowest = Math.max(...answers.map((a) => a.ms));
    t.diagnostic(`round ${round}: ${JSON.stringify(byStatus(answers))}, slowest ${slowest.toFixed(0)} ms; refused: ${JSON.stringify([...new Set(answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.error}`))])}`);
    assert.deepEqual(byStatus(answers), { 200: BURST }, 'every cold home read of the burst answered 200');
  }
});

test('hung PostgreSQL: the same burst is answered 503 + Retry-After in bounded time, no 500, memory bounded', { skip, timeout: 300_000 }, async (t) => {
  const pid = app.child.pid!;
  const rssBefore = rssMb(pid);
  proxy.hang();
  try {
    const answers = [...(await coldHomeBurst()), ...(await coldHomeBurst())];
    const slowest = Math.max(...answers.map((a) => a.ms));
    const rssAfter = rssMb(pid);
    t.diagnostic(`${JSON.stringify(byStatus(answers))}, slowest ${slowest.toFixed(0)} ms, RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB`);
    assert.deepEqual(byStatus(answers), { 503: 2 * BURST }, 'every cold read refused 503 while the database hangs (none 500, none unanswered)');
    for (const answer of answers) {
      assert.ok(Number(answer.retryAfter) > 0, `a 503 carries Retry-After: ${JSON.stringify(answer)}`);
      assert.match(answer.error ?? '', /try again/i);
    }
    // Bounded by the query timeout (12 s) that frees the hung connections, plus slack for a loaded machine.
    assert.ok(slowest < 25_000, `slowest answer while hung: ${slowest.toFixed(0)} ms`);
    assert.ok(rssAfter - rssBefore < 100, `RSS grew ${(rssAfter - rssBefore).toFixed(0)} MB`);
  } finally {
    await proxy.restore();
  }
});
