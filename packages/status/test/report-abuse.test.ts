// Problem reports cannot be stuffed: distinct reporters are counted (IPv6 by /64), a handful of
// addresses never declares an outage while the probes are green, signed-in reporters weigh more,
// and X-Forwarded-For is believed only from configured proxy hops.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadStatusConfig } from '../src/config.js';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { FAKE_APP, freePort, getJson, spawnTs, tempDir, type Child } from './helpers.js';

const running: RunningStatusService[] = [];
let fakeApp: Child;
let appUrl: string;
before(async () => {
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  fakeApp = await spawnTs(FAKE_APP, { PORT: String(port) }, /listening/);
});
after(async () => {
  for (const s of running) await s.stop();
  fakeApp?.process.kill('SIGKILL');
});

async function service(options: Record<string, unknown> = {}) {
  const svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl, logLevel: 'silent', background: false, trustProxy: 1, ...options });
  running.push(svc);
  return svc;
}
const report = (svc: RunningStatusService, ip: string, body: object = { problem: 'login', region: 'SA' }, headers: Record<string, string> = {}) =>
  getJson(`${svc.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...headers }, body: JSON.stringify(body) });
const unresolved = async (svc: RunningStatusService) => (await getJson(`${svc.url}/api/v2/incidents/unresolved.json`)).body.incidents;

describe('report stuffing', () => {
  for (const addresses of [8, 24]) {
    it(`${addresses} addresses × 5 reports with green probes open no incident`, async () => {
      const svc = await service();
      for (let a = 0; a < addresses; a++) {
        for (let k = 0; k < 5; k++) assert.equal((await report(svc, `203.0.113.${a + 1}`, { problem: 'login', region: a % 2 ? 'SA' : 'EG' })).status, 201);
      }
      await svc.ctx.reports.tick();
      assert.deepEqual(await unresolved(svc), []);
      assert.ok(svc.ctx.reports.detector.windowCount('WORLD') <= addresses, 'each address counted once');
    });
  }

  it('still opens on a real spike of many distinct reporters', async () => {
    const svc = await service();
    // Distinct reporters from distinct networks: one network only adds so much (the detector's place cap).
    for (let a = 0; a < 130; a++) await report(svc, `198.51.${a}.7`, { problem: 'posting', region: 'GB' });
    const open = await unresolved(svc);
    assert.equal(open.length, 1);
    assert.ok(open[0].sirb.regions.includes('GB'));
  });

  it('lets failing probes corroborate fewer reporters', async () => {
    const svc = await service({ appUrl: 'http://127.0.0.1:9', probeTimeoutMs: 1000 });
    await svc.ctx.runner.cycle();
    await svc.ctx.runner.cycle();
    for (let a = 0; a < 45; a++) await report(svc, `192.0.${a + 1}.2`, { problem: 'website', region: 'EG' });
    await svc.ctx.reports.tick();
    const open = (await unresolved(svc)).filter((i: { sirb: { kind: string } }) => i.sirb.kind === 'reports');
    assert.equal(open.length, 1);
  });

  it('groups IPv6 by /64 and counts signed-in accounts once, with more weight', async () => {
    const svc = await service();
    for (let k = 1; k <= 5; k++) await report(svc, `2001:db8:1:2::${k}`, { problem: 'login', region: 'JP' });
    await report(svc, '2001:db8:1:3::1', { problem: 'login', region: 'JP' });
    assert.equal(svc.ctx.reports.detector.windowCount('JP'), 2, 'two /64s');
    for (const ip of ['203.0.113.50', '203.0.113.51']) await report(svc, ip, { problem: 'login', region: 'KW' }, { authorization: 'Bearer user-token' });
    assert.equal(svc.ctx.reports.detector.windowCount('KW'), 2, 'one signed-in account, counted once with weight 2');
  });

  it('believes X-Forwarded-For only from configured proxy hops', async () => {
    const direct = await service({ trustProxy: false, reportLimit: 3 });
    const statuses = [];
    for (let k = 0; k < 4; k++) statuses.push((await report(direct, `10.7.0.${k}`)).status);
    assert.deepEqual(statuses, [201, 201, 201, 429], 'no proxy configured: the header is ignored');
    const oneHop = await service({ reportLimit: 3 });
    const viaProxy = [];
    for (let k = 0; k < 4; k++) viaProxy.push((await report(oneHop, `10.8.0.${k}, 203.0.113.200`)).status);
    assert.deepEqual(viaProxy, [201, 201, 201, 429], 'one hop: the address the proxy saw, not what the client claimed');
    assert.equal(loadStatusConfig({}).trustProxy, false);
    assert.equal(loadStatusConfig({ STATUS_TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadStatusConfig({ STATUS_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1']);
    assert.throws(() => loadStatusConfig({ STATUS_TRUST_PROXY: 'true' }), /STATUS_TRUST_PROXY/);
  });
});
