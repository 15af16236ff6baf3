// Issue 14, false statement 6: an announced maintenance starts and ends by itself, shows its
// components "under maintenance", and failing probes during it open no outage.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { FAKE_APP, freePort, getJson, spawnTs, tempDir, type Child } from './helpers.js';

let svc: RunningStatusService | undefined;
let app: Child | undefined;
after(async () => {
  await svc?.stop();
  app?.process.kill('SIGKILL');
});

const ADMIN = 'maintenance-admin';
type Summary = { status: { indicator: string; description: string }; components: { id: string; status: string }[]; incidents: unknown[]; scheduled_maintenances: { id: string; status: string }[] };

describe('scheduled maintenance', () => {
  it('starts and ends on time, sets under_maintenance, and keeps failing probes from opening an outage', async () => {
    const port = await freePort();
    app = await spawnTs(FAKE_APP, { PORT: String(port) }, /listening/);
    let now = Date.now();
    svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: `http://127.0.0.1:${port}`, adminToken: ADMIN, logLevel: 'silent', background: false, clock: () => now });
    const summary = async (lang = 'en') => (await getJson<Summary>(`${svc!.url}/api/v2/summary.json?lang=${lang}`)).body;
    const cycle = async (times = 1) => {
      for (let i = 0; i < times; i++) {
        now += 15_000;
        await svc!.ctx.runner.cycle();
      }
    };
    const fail = (on: boolean) => getJson(`http://127.0.0.1:${port}/__fail?on=${on ? 1 : 0}`, { method: 'POST' });

    const created = await getJson(`${svc.url}/api/v1/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ name: 'Database upgrade', name_ar: 'ترقية قاعدة البيانات', body: 'The API will be down.', body_ar: 'ستتوقف الواجهة.', scheduled_for: new Date(now + 60_000).toISOString(), scheduled_until: new Date(now + 30 * 60_000).toISOString() }),
    });
    assert.equal(created.status, 201);
    await cycle(2);
    assert.equal((await summary()).scheduled_maintenances[0]!.status, 'scheduled');
    assert.ok((await summary()).components.every((c) => c.status === 'operational'));

    await cycle(3); // past scheduled_for
    let s = await summary();
    assert.equal(s.scheduled_maintenances[0]!.status, 'in_progress', 'starts by itself');
    // A maintenance that names no components covers them all.
    assert.ok(s.components.every((c) => c.status === 'under_maintenance'), JSON.stringify(s.components));
    assert.deepEqual(s.status, { indicator: 'maintenance', description: 'Service Under Maintenance' });
    assert.equal((await summary('ar')).status.description, 'الخدمة قيد الصيانة');

    await fail(true);
    await cycle(4);
    s = await summary();
    assert.deepEqual(s.incidents, [], 'no outage is opened for components under maintenance');
    assert.equal(s.status.indicator, 'maintenance');
    await fail(false);
    await cycle(6);

    now += 30 * 60_000;
    await cycle(1);
    s = await summary();
    assert.deepEqual(s.scheduled_maintenances, [], 'ends by itself');
    assert.ok(s.components.every((c) => c.status === 'operational'), JSON.stringify(s.components));
    assert.deepEqual(s.incidents, []);
    const done = (await getJson(`${svc.url}/api/v2/scheduled-maintenances.json`)).body.scheduled_maintenances[0];
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.incident_updates.map((u: { status: string }) => u.status).reverse(), ['scheduled', 'in_progress', 'completed']);
    const feed = await (await fetch(`${svc.url}/history.atom?lang=en`)).text();
    assert.match(feed, /Database upgrade/);
  });
});
