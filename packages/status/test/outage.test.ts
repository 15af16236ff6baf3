// Kill the app, watch the status service notice; restart it, watch it recover. Both the fake
// Mastodon-shaped app and the status service run as real, separate processes.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FAKE_APP, STATUS_MAIN, freePort, getJson, spawnTs, tempDir, waitFor, type Child } from './helpers.js';

const children: Child[] = [];
after(() => {
  for (const c of children) c.process.kill('SIGKILL');
});

type Probe = { id: string; status: string; last_probe: { at: string } | null };
type Summary = { components: { id: string; status: string }[]; incidents: { id: string; status: string; sirb: { kind: string }; components: { id: string }[] }[]; status: { indicator: string } };

describe('outage detection through probes (real processes)', () => {
  it('turns components to major_outage within 45 s of the app being killed, opens an incident, and recovers after restart', async () => {
    const appPort = await freePort();
    const startApp = async () => {
      const app = await spawnTs(FAKE_APP, { PORT: String(appPort) }, /listening \d+/);
      children.push(app);
      return app;
    };
    let app = await startApp();
    const statusPort = await freePort();
    const status = await spawnTs(
      STATUS_MAIN,
      {
        STATUS_PORT: String(statusPort),
        STATUS_HOST: '127.0.0.1',
        STATUS_DATA_DIR: tempDir(),
        APP_URL: `http://127.0.0.1:${appPort}`,
        PROBE_INTERVAL_S: '1',
        // Generous, so a loaded CI machine does not fail probes while the app is up; a killed
        // app refuses connections at once anyway.
        PROBE_TIMEOUT_MS: '8000',
        LOG_LEVEL: 'warn',
      },
      /status service is running at/,
    );
    children.push(status);
    const base = `http://127.0.0.1:${statusPort}`;
    const summary = async () => (await getJson<Summary>(`${base}/api/v2/summary.json`)).body;

    // Healthy first: a few cycles with every probe passing.
    await waitFor('first healthy probes', async () => {
      const s = await summary();
      return s.components.every((c) => c.status === 'operational') && s.incidents.length === 0;
    }, 20_000);
    // ... and stays so over the next few cycles (watched through each probe's time, not a sleep).
    const cycles = new Set<string>();
    const notOperational = new Set<string>();
    await waitFor('three more probe cycles', async () => {
      const probes = (await getJson<Probe[]>(`${base}/api/v1/probes`)).body;
      for (const c of probes) if (c.status !== 'operational') notOperational.add(c.id);
      const at = probes.find((c) => c.id === 'website')?.last_probe?.at;
      if (at) cycles.add(at);
      return cycles.size >= 3;
    }, 20_000);
    assert.deepEqual([...notOperational], [], 'stays operational while the app is up');

    // Kill the app.
    app.process.kill('SIGKILL');
    await app.exited;
    const killedAt = Date.now();
    const down = await waitFor('major outage', async () => {
      const s = await summary();
      return s.components.every((c) => c.status === 'major_outage') ? s : undefined;
    }, 45_000);
    const detectSeconds = (Date.now() - killedAt) / 1000;
    assert.ok(detectSeconds < 45, `major_outage after ${detectSeconds}s`);
    const incident = await waitFor('a probe incident', async () => (await summary()).incidents.find((i) => i.sirb.kind === 'probes'), 5_000);
    assert.equal(incident.status, 'investigating');
    assert.ok(['major', 'critical'].includes(down.status.indicator));
    // The status service itself keeps serving and taking reports while the app is down.
    const report = await getJson(`${base}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problem: 'website', region: 'SA' }) });
    assert.equal(report.status, 201);
    const page = await getJson(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<html lang="ar"/);

    // Restart (fresh state: the probe account has to be registered again) and recover.
    app = await startApp();
    const restartedAt = Date.now();
    await waitFor('recovery', async () => {
      const s = await summary();
      return s.components.every((c) => c.status === 'operational') && s.incidents.length === 0;
    }, 45_000);
    const resolved = (await getJson(`${base}/api/v2/incidents.json`)).body.incidents.find((i: { id: string }) => i.id === incident.id);
    assert.equal(resolved.status, 'resolved');
    assert.ok(resolved.resolved_at);
    console.log(`# detection ${detectSeconds.toFixed(1)} s after SIGKILL, recovery ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after restart`);

    // An unusable database (every API call 500s) is an outage too, and clears when fixed.
    assert.equal((await getJson(`http://127.0.0.1:${appPort}/__fail?on=1`, { method: 'POST' })).status, 200);
    await waitFor('outage on 500s', async () => (await summary()).components.filter((c) => c.status === 'major_outage').length >= 6, 20_000);
    assert.equal((await getJson(`http://127.0.0.1:${appPort}/__fail?on=0`, { method: 'POST' })).status, 200);
    await waitFor('recovery after 500s', async () => (await summary()).components.every((c) => c.status === 'operational'), 30_000);

    // SIGTERM stops the service cleanly.
    status.process.kill('SIGTERM');
    assert.equal(await status.exited, 0);
  });
});
