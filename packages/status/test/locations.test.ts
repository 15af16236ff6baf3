// Probe locations in-process: the quorum rule (pure), agents' signed pushes (refused unsigned,
// forged, old, replayed or from an unknown agent), per-location results in the JSON and on the
// page in both languages, and a location's history surviving a restart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ComponentId, ComponentStatus } from '../src/components/catalog.js';
import { parseAgents } from '../src/locations/config.js';
import { decideQuorum, type LocationInput } from '../src/locations/quorum.js';
import { signAgentPush } from '../src/locations/signature.js';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { FAKE_APP, freePort, getJson, spawnTs, tempDir, type Child } from './helpers.js';

const loc = (id: string, statuses: Partial<Record<ComponentId, ComponentStatus>>, fresh = true): LocationInput => ({
  id,
  fresh,
  statuses: new Map(Object.entries(statuses) as [ComponentId, ComponentStatus][]),
});
const up = { website: 'operational', api: 'operational' } as const;
const down = { website: 'major_outage', api: 'major_outage' } as const;

describe('quorum', () => {
  it('one location alone decides, as before agents existed', () => {
    const r = decideQuorum([loc('local', { ...down, posting: 'major_outage' })]);
    assert.equal(r.statuses.get('website'), 'major_outage');
    assert.equal(r.statuses.get('posting'), 'major_outage');
    assert.deepEqual([...r.cutOff], []);
  });
  it('one of three failing is that location cut off, not an outage', () => {
    const r = decideQuorum([loc('local', up), loc('a1', down), loc('a2', up)]);
    assert.equal(r.statuses.get('website'), 'operational');
    assert.deepEqual([...r.cutOff], ['a1']);
  });
  it('two of three failing is an outage, and nobody is blamed', () => {
    const r = decideQuorum([loc('local', down), loc('a1', down), loc('a2', up)]);
    assert.equal(r.statuses.get('website'), 'major_outage');
    assert.deepEqual([...r.cutOff], []);
  });
  it('the worst status a quorum agrees on: major + partial + operational is partial', () => {
    const r = decideQuorum([loc('local', { website: 'major_outage', api: 'operational' }), loc('a1', { website: 'partial_outage', api: 'operational' }), loc('a2', up)]);
    assert.equal(r.statuses.get('website'), 'partial_outage');
  });
  it('a cut-off local prober casts no vote, even on what only it checks', () => {
    const r = decideQuorum([loc('local', { ...down, posting: 'major_outage' }), loc('a1', up), loc('a2', up)]);
    assert.deepEqual([...r.cutOff], ['local']);
    assert.equal(r.statuses.get('posting'), undefined, 'no verdict: the component keeps its last status');
    assert.equal(r.statuses.get('website'), 'operational');
  });
  it('a stale location does not vote; STATUS_QUORUM=1 makes any location enough', () => {
    assert.equal(decideQuorum([loc('local', up), loc('a1', down, false)]).statuses.get('website'), 'operational');
    assert.equal(decideQuorum([loc('local', up), loc('a1', down)], 1).statuses.get('website'), 'major_outage');
    // Two locations: a majority is both, so one failing alone is its own problem.
    assert.deepEqual([...decideQuorum([loc('local', up), loc('a1', down)]).cutOff], ['a1']);
  });
  it('STATUS_AGENTS is checked', () => {
    assert.deepEqual([...parseAgents('fra:0123456789abcdef, sgp:fedcba9876543210')], [['fra', '0123456789abcdef'], ['sgp', 'fedcba9876543210']]);
    assert.throws(() => parseAgents('fra:short'), /16 characters/);
    assert.throws(() => parseAgents('Bad Name:0123456789abcdef'), /STATUS_AGENTS/);
    assert.throws(() => parseAgents('local:0123456789abcdef'), /not "local"/);
  });
});

const SECRET = 'fra-secret-0123456789';
let fakeApp: Child;
let appPort: number;
let dataDir: string;
let svc: RunningStatusService;
const start = () =>
  startStatusService({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    appUrl: `http://127.0.0.1:${appPort}`,
    logLevel: 'silent',
    background: false,
    locations: { agents: new Map([['fra', SECRET], ['sgp', 'sgp-secret-0123456789']]), localName: '', replayWindowMs: 60_000, quorum: undefined },
  });

before(async () => {
  appPort = await freePort();
  fakeApp = await spawnTs(FAKE_APP, { PORT: String(appPort) }, /listening/);
  dataDir = tempDir();
  svc = await start();
  await svc.ctx.runner.cycle();
});
after(async () => {
  await svc?.stop();
  fakeApp?.process.kill('SIGKILL');
});

let lastTimestamp = 0;
function push(body: object, options: { agent?: string; secret?: string; timestamp?: number; signature?: string | null } = {}) {
  const text = JSON.stringify(body);
  const timestamp = options.timestamp ?? Math.max(Date.now(), lastTimestamp + 1);
  lastTimestamp = Math.max(lastTimestamp, timestamp);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-sirb-agent': options.agent ?? 'fra', 'x-sirb-timestamp': String(timestamp) };
  if (options.signature !== null) headers['x-sirb-signature'] = options.signature ?? signAgentPush(options.secret ?? SECRET, timestamp, text);
  return getJson(`${svc.url}/api/v1/agent/results`, { method: 'POST', headers, body: text });
}
const results = (ok: boolean) => ({
  location: 'Frankfurt',
  interval_s: 1,
  results: [
    { component: 'website', ok, latency_ms: 42, ...(ok ? {} : { error: 'unreachable (ECONNREFUSED)' }) },
    { component: 'api', ok, latency_ms: 17 },
  ],
});

describe('agent pushes', () => {
  it('refuses unsigned, unknown, forged, old and replayed pushes with a clear 401', async () => {
    const unsigned = await push(results(true), { signature: null });
    assert.equal(unsigned.status, 401);
    assert.match(unsigned.body.error, /Unsigned/);
    assert.match((await push(results(true), { agent: 'nobody' })).body.error, /Unknown agent/);
    assert.match((await push(results(true), { secret: 'not-the-secret-0123' })).body.error, /Bad signature/);
    const old = await push(results(true), { timestamp: Date.now() - 5 * 60_000 });
    assert.equal(old.status, 401);
    assert.match(old.body.error, /replay window/);
    const timestamp = Date.now() + 1000;
    assert.equal((await push(results(true), { timestamp })).status, 202);
    const again = await push(results(true), { timestamp });
    assert.equal(again.status, 401);
    assert.match(again.body.error, /Replayed/);
    // A body altered after signing.
    const text = JSON.stringify(results(true));
    const ts = timestamp + 1;
    const tampered = await getJson(`${svc.url}/api/v1/agent/results`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sirb-agent': 'fra', 'x-sirb-timestamp': String(ts), 'x-sirb-signature': signAgentPush(SECRET, ts, text) },
      body: text.replace('42', '41'),
    });
    assert.equal(tampered.status, 401);
    lastTimestamp = ts;
  });

  it('answers bad bodies with 400/422, never 500', async () => {
    assert.equal((await push({ location: 'x', interval_s: 1, results: [{ component: 'nope', ok: true, latency_ms: 1 }] })).status, 422);
    assert.equal((await push({ location: '', interval_s: 1, results: [] })).status, 422);
    const ts = lastTimestamp + 1;
    lastTimestamp = ts;
    const notJson = await getJson(`${svc.url}/api/v1/agent/results`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sirb-agent': 'fra', 'x-sirb-timestamp': String(ts), 'x-sirb-signature': signAgentPush(SECRET, ts, '{nope') },
      body: '{nope',
    });
    assert.equal(notJson.status, 400);
    assert.ok(notJson.body.error);
  });

  it('shows each location and marks one that cannot reach the app, without an outage', async () => {
    assert.equal((await push(results(false))).status, 202);
    assert.equal((await push(results(false))).status, 202);
    await svc.ctx.runner.cycle();
    const { body } = await getJson(`${svc.url}/api/v1/locations`);
    const fra = body.locations.find((l: { id: string }) => l.id === 'fra');
    assert.equal(fra.name, 'Frankfurt');
    assert.equal(fra.state, 'cut_off');
    assert.deepEqual(fra.components.map((c: { id: string; ok: boolean; status: string }) => [c.id, c.ok, c.status]), [['website', false, 'major_outage'], ['api', false, 'major_outage']]);
    assert.equal(body.locations.find((l: { id: string }) => l.id === 'local').state, 'ok');
    assert.equal(body.locations.find((l: { id: string }) => l.id === 'sgp'), undefined, 'an agent never heard from is not listed');

    const summary = (await getJson(`${svc.url}/api/v2/summary.json`)).body;
    assert.equal(summary.components.find((c: { id: string }) => c.id === 'website').status, 'operational');
    assert.deepEqual(summary.incidents, []);
    assert.equal(summary.sirb.locations.length, 2);
    // Statuspage's own fields are untouched by the extra.
    assert.deepEqual(Object.keys(summary).sort(), ['components', 'incidents', 'page', 'scheduled_maintenances', 'sirb', 'status']);

    const en = await (await fetch(`${svc.url}/?lang=en`)).text();
    assert.match(en, /Probe locations/);
    assert.match(en, /data-location="fra" data-state="cut_off"/);
    assert.match(en, /Cannot reach Sirb/);
    const ar = await (await fetch(`${svc.url}/?lang=ar`)).text();
    assert.match(ar, /مواقع الفحص/);
    assert.match(ar, /خادم صفحة الحالة/);
  });

  it('keeps each location\'s results over a restart', async () => {
    await svc.stop();
    svc = await start();
    const { body } = await getJson(`${svc.url}/api/v1/locations`);
    const fra = body.locations.find((l: { id: string }) => l.id === 'fra');
    assert.equal(fra.name, 'Frankfurt');
    assert.deepEqual(fra.components.map((c: { status: string }) => c.status), ['major_outage', 'major_outage']);
  });
});
