// The prober as the app sees it: one kept token instead of a new one per cycle (a revoked token is
// replaced, and the one replaced is revoked), its token on every request, and a 429 from the app
// read as "the probe was throttled" (degraded at most), never as an outage.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { FAKE_APP, freePort, getJson, spawnTs, tempDir, type Child } from './helpers.js';

type Stats = { issued: number; live: number; anonymous: string[] };
let svc: RunningStatusService;
let fakeApp: Child;
let appUrl: string;

before(async () => {
  const appPort = await freePort();
  appUrl = `http://127.0.0.1:${appPort}`;
  fakeApp = await spawnTs(FAKE_APP, { PORT: String(appPort) }, /listening/);
  svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl, logLevel: 'silent', background: false, probeTimeoutMs: 5000 });
});
after(async () => {
  await svc?.stop();
  fakeApp?.process.kill('SIGKILL');
});

const stats = async () => (await getJson<Stats>(`${appUrl}/__stats`)).body;
const statuses = async () => (await getJson<{ id: string; status: string; last_probe: { ok: boolean; error: string | null } | null }[]>(`${svc.url}/api/v1/probes`)).body;
const cycles = async (n: number) => {
  for (let i = 0; i < n; i++) await svc.ctx.runner.cycle();
};

describe('the prober', () => {
  it('reuses one token across cycles and sends it on every request', async () => {
    await cycles(1);
    assert.ok((await statuses()).every((c) => c.last_probe?.ok), JSON.stringify(await statuses()));
    const first = await stats();
    await cycles(5);
    const later = await stats();
    assert.equal(later.issued, first.issued, `no new token per cycle (${first.issued} → ${later.issued})`);
    assert.equal(later.live, 1, 'one live token for the probe account');
    assert.deepEqual(later.anonymous.slice(first.anonymous.length), [], 'every probe request carries the token');
  });

  it('signs in again only when its token is revoked, and keeps one live token', async () => {
    const before = await stats();
    await getJson(`${appUrl}/__revoke_all`, { method: 'POST' });
    await cycles(1);
    assert.ok((await statuses()).find((c) => c.id === 'sign_in')?.last_probe?.ok);
    await cycles(2);
    const after = await stats();
    assert.equal(after.issued, before.issued + 1);
    assert.equal(after.live, 1);
  });

  it('reads 429 from the app as throttling: degraded at most, never an outage or an incident', async () => {
    await getJson(`${appUrl}/__throttle?on=1`, { method: 'POST' });
    try {
      await cycles(6);
      const now = await statuses();
      for (const c of now) assert.ok(c.status === 'operational' || c.status === 'degraded_performance', `${c.id}: ${c.status}`);
      assert.ok(now.some((c) => c.status === 'degraded_performance'), 'sustained throttling shows');
      assert.match(now.find((c) => c.id === 'api')!.last_probe!.error ?? '', /throttled/);
      assert.deepEqual((await getJson(`${svc.url}/api/v2/incidents/unresolved.json`)).body.incidents, []);
    } finally {
      await getJson(`${appUrl}/__throttle?on=0`, { method: 'POST' });
    }
    await cycles(6);
    assert.ok((await statuses()).every((c) => c.status === 'operational'));
    assert.equal((await stats()).live, 1, 'throttling did not make the probe re-register or sign in again');
  });
});
