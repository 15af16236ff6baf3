// Issue 14, false statement 4: on a fresh install, components that were never checked must not
// read "Operational" under "All Systems Operational". They say "no data" until their first probe.
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

type Summary = { status: { indicator: string; description: string }; components: { id: string; status: string; sirb: { checked_at: string | null } }[] };

describe('never-checked components', () => {
  it('say "no data" in both languages until probed, then what the probe found', async () => {
    const port = await freePort();
    app = await spawnTs(FAKE_APP, { PORT: String(port) }, /listening/);
    svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: `http://127.0.0.1:${port}`, logLevel: 'silent', background: false });

    const fresh = (await getJson<Summary>(`${svc.url}/api/v2/summary.json`)).body;
    assert.equal(fresh.status.description, 'No data yet');
    assert.ok(fresh.components.every((c) => c.sirb.checked_at === null));
    const ar = (await getJson<Summary>(`${svc.url}/api/v2/summary.json?lang=ar`)).body;
    assert.equal(ar.status.description, 'لا بيانات بعد');
    for (const [lang, label] of [['en', 'No data'], ['ar', 'لا بيانات']] as const) {
      const page = (await getJson<string>(`${svc.url}/?lang=${lang}`)).body;
      assert.doesNotMatch(page, /All Systems Operational|جميع الأنظمة تعمل/);
      assert.match(page, /data-status="no_data"/);
      assert.ok(page.includes(`>${label}</span>`), `component rows say ${label}`);
    }

    await svc.ctx.runner.cycle();
    const probed = (await getJson<Summary>(`${svc.url}/api/v2/summary.json`)).body;
    assert.equal(probed.status.description, 'All Systems Operational');
    assert.ok(probed.components.every((c) => c.status === 'operational' && c.sirb.checked_at !== null));
    assert.doesNotMatch((await getJson<string>(`${svc.url}/`)).body, /data-status="no_data"/);
  });
});
