// The same kill-and-restart drill against the real Sirb app (src/main.ts with SIRB_STATUS=off, so
// the app process runs alone and our status service runs beside it as its own process).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { STATUS_MAIN, freePort, getJson, root, spawnTs, tempDir, waitFor, type Child } from './helpers.js';

const APP_MAIN = path.join(root, 'src/main.ts');
const children: Child[] = [];
after(() => {
  for (const c of children) c.process.kill('SIGKILL');
});

type Probe = { id: string; status: string; last_probe: { ok: boolean; error: string | null } | null };

describe('outage detection against the real app', () => {
  it('probes every component through the real Mastodon API, and notices a kill and a restart', async () => {
    const appPort = await freePort();
    const dataDir = tempDir('sirb-real-app-');
    const startApp = async () => {
      const app = await spawnTs(APP_MAIN, { PORT: String(appPort), HOST: '127.0.0.1', DATA_DIR: dataDir, SIRB_STATUS: 'off', LOG_LEVEL: 'warn' }, /Sirb is running/, 40_000);
      children.push(app);
      return app;
    };
    let app = await startApp();
    const statusPort = await freePort();
    const status = await spawnTs(
      STATUS_MAIN,
      { STATUS_PORT: String(statusPort), STATUS_HOST: '127.0.0.1', STATUS_DATA_DIR: tempDir(), APP_URL: `http://127.0.0.1:${appPort}`, PROBE_INTERVAL_S: '1', LOG_LEVEL: 'warn' },
      /status service is running at/,
    );
    children.push(status);
    const base = `http://127.0.0.1:${statusPort}`;
    const probes = async () => (await getJson<Probe[]>(`${base}/api/v1/probes`)).body;

    const healthy = await waitFor('every probe passing against the real app', async () => {
      const p = await probes();
      return p.every((c) => c.last_probe?.ok && c.status === 'operational') ? p : undefined;
    }, 30_000).catch(async (error) => {
      throw new Error(`${error.message}\n${JSON.stringify(await probes(), null, 1)}`);
    });
    assert.equal(healthy.length, 7);

    app.process.kill('SIGKILL');
    await app.exited;
    const killedAt = Date.now();
    await waitFor('major outage', async () => (await probes()).every((c) => c.status === 'major_outage'), 45_000);
    const seconds = (Date.now() - killedAt) / 1000;
    assert.ok(seconds < 45);
    const open = (await getJson(`${base}/api/v2/incidents/unresolved.json`)).body.incidents;
    assert.equal(open.length, 1);

    app = await startApp();
    await waitFor('recovery', async () => (await probes()).every((c) => c.status === 'operational' && c.last_probe?.ok), 45_000);
    await waitFor('incident resolved', async () => (await getJson(`${base}/api/v2/incidents/unresolved.json`)).body.incidents.length === 0, 10_000);
    console.log(`# real app: major_outage ${seconds.toFixed(1)} s after SIGKILL`);
    status.process.kill('SIGTERM');
    assert.equal(await status.exited, 0);
  });
});
