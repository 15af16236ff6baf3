// Issue 14, probe agents: results are not lost while the status service is away or the agent
// restarts. A push that fails keeps its cycle's results (in a file); the next push that gets
// through delivers them, and the service files them at the time they were measured. Bounded: an
// hour, and 720 cycles, at most.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ProbeAgent, type AgentOptions } from '../src/locations/agent.js';
import { BACKLOG_MAX_AGE_MS, BACKLOG_MAX_ENTRIES, Backlog } from '../src/locations/backlog.js';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { FAKE_APP, freePort, getJson, spawnTs, tempDir, type Child } from './helpers.js';

const SECRET = 'fra-secret-0123456789';
let fakeApp: Child;
let appPort: number;
let statusPort: number;
let dataDir: string;
let svc: RunningStatusService | undefined;
const start = () =>
  startStatusService({
    port: statusPort,
    host: '127.0.0.1',
    dataDir,
    appUrl: `http://127.0.0.1:${appPort}`,
    logLevel: 'silent',
    background: false,
    locations: { agents: new Map([['fra', SECRET]]), localName: '', replayWindowMs: 60_000, quorum: undefined },
  });

before(async () => {
  appPort = await freePort();
  statusPort = await freePort();
  fakeApp = await spawnTs(FAKE_APP, { PORT: String(appPort) }, /listening/);
  dataDir = tempDir();
});
after(async () => {
  await svc?.stop();
  fakeApp?.process.kill('SIGKILL');
});

const rows = async () =>
  (await svc!.ctx.db.kysely.selectFrom('location_probes').select(['at', 'ok']).where('location', '=', 'fra').where('component', '=', 'website').orderBy('at').execute()) as { at: number; ok: number }[];

describe('probe agent backlog', () => {
  it('delivers what it measured while the status service was down, across an agent restart', { timeout: 120_000 }, async () => {
    const backlogFile = path.join(tempDir('sirb-agent-'), 'fra.backlog.json');
    const lines: string[] = [];
    const options: AgentOptions = {
      statusUrl: `http://127.0.0.1:${statusPort}`,
      appUrl: `http://127.0.0.1:${appPort}`,
      name: 'fra',
      location: 'Frankfurt',
      secret: SECRET,
      intervalMs: 1000,
      timeoutMs: 5000,
      backlogFile,
      log: (line) => lines.push(line),
    };
    svc = await start();
    let agent = new ProbeAgent(options);
    await agent.cycle();
    assert.equal((await rows()).length, 1, 'the first push is in');

    // The status service goes away: three cycles cannot be pushed, and are kept.
    await svc.stop();
    svc = undefined;
    const outageStart = Date.now();
    for (let i = 0; i < 3; i++) {
      await agent.cycle();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const outageEnd = Date.now();
    assert.match(lines.join('\n'), /could not push results/);
    assert.equal(JSON.parse(fs.readFileSync(backlogFile, 'utf8')).length, 3, 'kept in the file');

    // The agent restarts meanwhile: the new process finds them.
    await agent.stop();
    agent = new ProbeAgent(options);
    assert.equal(agent.backlog.size, 3);

    // The service is back: the next push brings them along.
    svc = await start();
    await agent.cycle();
    assert.match(lines.at(-1)!, /results accepted .*with 3 earlier cycles/);
    assert.deepEqual(JSON.parse(fs.readFileSync(backlogFile, 'utf8')), [], 'delivered, so no longer kept');
    const stored = await rows();
    assert.equal(stored.length, 5, 'one before, three from the outage, one after');
    // Filed at the time they were measured (by their age; a little slack for the push itself).
    for (const r of stored.slice(1, 4)) {
      assert.ok(r.at >= outageStart - 1000 && r.at <= outageEnd + 1000, `${new Date(r.at).toISOString()} within the outage`);
    }
    // The location shows as heard from now, with its latest result.
    const { body } = await getJson(`${svc.url}/api/v1/locations`);
    assert.equal(body.locations.find((l: { id: string }) => l.id === 'fra').state, 'ok');
    await agent.stop();
  });

  it('keeps at most an hour and 720 cycles; the service refuses older ones', async () => {
    const now = Date.now();
    const backlog = new Backlog(undefined);
    backlog.add({ at: now - BACKLOG_MAX_AGE_MS - 1000, results: [{ component: 'website', ok: false, latency_ms: 1 }] }, now);
    assert.equal(backlog.size, 0, 'older than an hour: dropped');
    for (let i = 0; i < BACKLOG_MAX_ENTRIES + 10; i++) backlog.add({ at: now - 1000 + i, results: [{ component: 'website', ok: true, latency_ms: 1 }] }, now);
    assert.equal(backlog.size, BACKLOG_MAX_ENTRIES);
    assert.equal(backlog.pending(now)[0]!.age_ms, 1000 - 10, 'the oldest went first');

    // A push whose backlog claims to be older than the bound is refused whole, clearly.
    svc ??= await start();
    const { signAgentPush } = await import('../src/locations/signature.js');
    const text = JSON.stringify({ location: 'Frankfurt', interval_s: 1, results: [{ component: 'website', ok: true, latency_ms: 1 }], backlog: [{ age_ms: BACKLOG_MAX_AGE_MS + 1, results: [{ component: 'website', ok: true, latency_ms: 1 }] }] });
    const timestamp = Date.now() + 5000;
    const res = await getJson(`${svc.url}/api/v1/agent/results`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sirb-agent': 'fra', 'x-sirb-timestamp': String(timestamp), 'x-sirb-signature': signAgentPush(SECRET, timestamp, text) }, body: text });
    assert.equal(res.status, 422);
    assert.match(res.body.error, /backlog/);
  });
});
