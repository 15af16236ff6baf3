// Issue 14, false statement 1: restarting the status service during a real outage must not
// publish "resolved". The probe history that the hysteresis judges from lives in the store, so a
// restarted service carries on from it instead of reading its first failed probe as "operational".
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FAKE_APP, STATUS_MAIN, freePort, getJson, spawnTs, tempDir, waitFor, type Child } from './helpers.js';

const children: Child[] = [];
after(() => {
  for (const c of children) c.process.kill('SIGKILL');
});

type Summary = { components: { id: string; status: string }[]; incidents: { id: string; status: string; sirb: { kind: string } }[] };
type Probe = { id: string; last_probe: { at: string } | null };

describe('a restart during an outage', () => {
  it('keeps the outage and its incident open: no "resolved" while the app is still down', async () => {
    const appPort = await freePort();
    const app = await spawnTs(FAKE_APP, { PORT: String(appPort) }, /listening \d+/);
    children.push(app);
    const statusPort = await freePort();
    const env = {
      STATUS_PORT: String(statusPort),
      STATUS_HOST: '127.0.0.1',
      STATUS_DATA_DIR: tempDir(),
      APP_URL: `http://127.0.0.1:${appPort}`,
      PROBE_INTERVAL_S: '1',
      PROBE_TIMEOUT_MS: '8000',
      LOG_LEVEL: 'warn',
    };
    let status = await spawnTs(STATUS_MAIN, env, /status service is running at/);
    children.push(status);
    const base = `http://127.0.0.1:${statusPort}`;
    const summary = async () => (await getJson<Summary>(`${base}/api/v2/summary.json`)).body;
    await waitFor('healthy', async () => (await summary()).components.every((c) => c.status === 'operational'), 20_000);

    app.process.kill('SIGKILL');
    await app.exited;
    const incident = await waitFor('an outage with its incident', async () => {
      const s = await summary();
      return s.components.every((c) => c.status === 'major_outage') ? s.incidents.find((i) => i.sirb.kind === 'probes') : undefined;
    }, 45_000);

    status.process.kill('SIGTERM');
    assert.equal(await status.exited, 0);
    status = await spawnTs(STATUS_MAIN, env, /status service is running at/);
    children.push(status);

    // Watch several probe cycles of the new life (each cycle stamps the website's last probe).
    const seen = new Set<string>();
    const statuses = new Set<string>();
    const before = (await getJson<Probe[]>(`${base}/api/v1/probes`)).body.find((p) => p.id === 'website')?.last_probe?.at;
    await waitFor('three probe cycles after the restart', async () => {
      const [probes, s] = await Promise.all([getJson<Probe[]>(`${base}/api/v1/probes`), summary()]);
      for (const c of s.components) statuses.add(c.status);
      const at = probes.body.find((p) => p.id === 'website')?.last_probe?.at;
      if (at && at !== before) seen.add(at);
      return seen.size >= 3;
    }, 30_000);
    assert.deepEqual([...statuses], ['major_outage'], 'every component stays in major outage across the restart');
    const after = (await getJson(`${base}/api/v2/incidents.json`)).body.incidents.find((i: { id: string }) => i.id === incident.id);
    assert.notEqual(after.status, 'resolved', 'the incident stays open');
    assert.ok(!after.incident_updates.some((u: { status: string }) => u.status === 'resolved'), 'no "resolved" update was ever published');
    status.process.kill('SIGTERM');
    await status.exited;
  });
});
