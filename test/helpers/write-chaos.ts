// kill -9 under concurrent writes (test/durability/kill9-load.test.ts, bench/kill9.ts): clients
// post with Idempotency-Keys while the app process is killed; after each restart every post that
// got a 2xx must be there, and every request that got an error or no answer, retried with its
// same key, must give exactly one post.
import { setTimeout as delay } from 'node:timers/promises';
import { Api, createApp, createUser, type TestUser } from './client.js';
import type { AppProcess } from './process.js';

export interface ChaosOptions {
  /** Starts the app process (on the same store every time). */
  start(): Promise<AppProcess>;
  kills: number;
  clients: number;
  /** Writes run this long (ms, drawn uniformly) before the SIGKILL. */
  loadMs: [number, number];
  log?: (message: string) => void;
  /** After each kill's checks (a long run can report as it goes). */
  onRound?: (round: RoundResult, done: number) => void;
}

export interface RoundResult {
  acknowledged: number;
  /** Requests that got an error status or no answer (then retried with their key). */
  unanswered: number;
  /** Acknowledged posts not found after the restart. */
  lost: string[];
  restartMs: number;
}

export interface ChaosResult {
  rounds: RoundResult[];
  acknowledged: number;
  unanswered: number;
  retried: number;
  lost: number;
  /** Keys that ended up with more than one post. */
  duplicated: string[];
  /** Posts that no request of ours explains. */
  unexpected: number;
  posts: number;
}

interface Outcome {
  key: string;
  text: string;
  id?: string;
}

/** Environment for the app process: the clients post far past the usual limits. */
export const CHAOS_ENV = { SIRB_RATE_LIMIT: '100000000', SIRB_REGISTRATION_RATE_LIMIT: '100000' };

export async function runKillChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? (() => {});
  let app = await options.start();
  const api = new Api(app.url);
  const registered = await createApp(api);
  const users: TestUser[] = [];
  for (let i = 0; i < options.clients; i++) users.push(await createUser(api, undefined, registered));
  const all: Outcome[][] = users.map(() => []);
  const rounds: RoundResult[] = [];
  let retried = 0;
  for (let round = 0; round < options.kills; round++) {
    let stop = false;
    const acked: Outcome[] = [];
    const failed: { user: TestUser; outcome: Outcome }[] = [];
    const writers = users.map(async (user, u) => {
      for (let i = 0; !stop; i++) {
        const key = `k${round}-${u}-${i}`;
        const outcome: Outcome = { key, text: `صامد رغم الانهيار ${key}` };
        all[u].push(outcome);
        const answer = await user.api.post('/api/v1/statuses', { status: outcome.text }, { 'idempotency-key': key }).catch(() => null);
        if (answer && answer.status >= 200 && answer.status < 300) {
          outcome.id = answer.body.id;
          acked.push(outcome);
        } else {
          failed.push({ user, outcome });
        }
      }
    });
    // Killed while writes go on: once every client has had a post acknowledged this round (so
    // the figure holds however slow the machine), after a random further while.
    while (acked.length < users.length && failed.length < 50 * users.length) await delay(10);
    const [low, high] = options.loadMs;
    await delay(low + Math.random() * (high - low));
    // No request starts after this; those in flight are cut by the kill.
    stop = true;
    app.child.kill('SIGKILL');
    await app.kill();
    await Promise.all(writers);
    const restarted = Date.now();
    app = await options.start();
    const restartMs = Date.now() - restarted;
    const lost: string[] = [];
    for (const outcome of acked) {
      const res = await readBack(api, `/api/v1/statuses/${outcome.id}`);
      if (res.status !== 200 || !String(res.body.content).includes(outcome.key)) lost.push(outcome.key);
    }
    // Retried with the same key: the post the first attempt made, if it made one, or a new one.
    for (const { user, outcome } of failed) {
      for (let attempt = 0; attempt < 5 && !outcome.id; attempt++) {
        const res = await user.api.post('/api/v1/statuses', { status: outcome.text }, { 'idempotency-key': outcome.key }).catch(() => null);
        if (res && res.status >= 200 && res.status < 300) outcome.id = res.body.id;
        else await delay(200);
      }
      if (!outcome.id) throw new Error(`retrying ${outcome.key} never succeeded`);
      retried++;
    }
    rounds.push({ acknowledged: acked.length, unanswered: failed.length, lost, restartMs });
    options.onRound?.(rounds.at(-1)!, rounds.length);
    log(`kill ${round + 1}/${options.kills}: ${acked.length} acknowledged, ${failed.length} without answer (retried), ${lost.length} lost, restart ${restartMs} ms`);
  }
  // Every post of every client, once: no key twice, none unexplained.
  const duplicated: string[] = [];
  let unexpected = 0;
  let posts = 0;
  for (const [u, user] of users.entries()) {
    const byKey = new Map<string, string[]>();
    for (const status of await allStatusesOf(user)) {
      posts++;
      const key = /(k\d+-\d+-\d+)/.exec(String(status.content))?.[1];
      if (!key) unexpected++;
      else byKey.set(key, [...(byKey.get(key) ?? []), status.id]);
    }
    for (const outcome of all[u]) {
      const ids = byKey.get(outcome.key) ?? [];
      if (ids.length > 1) duplicated.push(outcome.key);
      if (outcome.id && !ids.includes(outcome.id) && !duplicated.includes(outcome.key)) unexpected++;
    }
    const sent = new Set(all[u].map((o) => o.key));
    for (const key of byKey.keys()) if (!sent.has(key)) unexpected++;
  }
  await app.kill('SIGTERM');
  const acknowledged = rounds.reduce((n, r) => n + r.acknowledged, 0);
  return {
    rounds,
    acknowledged,
    unanswered: rounds.reduce((n, r) => n + r.unanswered, 0),
    retried,
    lost: rounds.reduce((n, r) => n + r.lost.length, 0),
    duplicated,
    unexpected,
    posts,
  };
}

async function allStatusesOf(user: TestUser): Promise<{ id: string; content: string }[]> {
  const statuses: { id: string; content: string }[] = [];
  let maxId = '';
  for (;;) {
    const page = await readBack(user.api, `/api/v1/accounts/${user.id}/statuses?limit=40${maxId ? `&max_id=${maxId}` : ''}`);
    if (page.status !== 200) throw new Error(`listing ${user.username}'s posts: ${page.status}`);
    if (page.body.length === 0) return statuses;
    statuses.push(...page.body);
    maxId = page.body.at(-1).id;
  }
}

/**
 * A GET to the restarted process. A pooled connection to the killed one may not have been seen
 * closing yet: a request on it fails before reaching anyone, and is sent again.
 */
async function readBack(api: Api, path: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api.get(path);
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}
