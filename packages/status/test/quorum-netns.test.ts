// Issue 14: probes from several locations with a quorum, tested with real processes in separate
// network namespaces (iproute2): the app, the status service and two probe agents each on their
// own "host" behind a bridge. Cutting one agent's way to the app, or its link altogether, raises
// no incident and marks that location; cutting the app's link does raise the incident.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { AGENT_MAIN, FAKE_APP, STATUS_MAIN, getJson, spawnTs, tempDir, waitFor, type Child } from './helpers.js';
import { NetLab, netnsUnavailable } from './netns.js';

type Location = { id: string; state: string; components: { id: string; ok: boolean; latency_ms: number }[] };
type Summary = {
  components: { id: string; status: string }[];
  incidents: { id: string; sirb: { kind: string } }[];
  status: { indicator: string };
  sirb: { locations: Location[] };
};

const unavailable = netnsUnavailable();
const children: Child[] = [];
let lab: NetLab | undefined;
const cleanUp = () => {
  for (const c of children) c.process.kill('SIGKILL');
  lab?.destroy();
  lab = undefined;
};
after(cleanUp);
// Even when the runner dies mid-test, the namespaces go.
process.once('exit', cleanUp);

describe('probe locations with a quorum (network namespaces)', { skip: unavailable }, () => {
  it('a cut-off agent is its own problem; a cut-off app is an outage', { timeout: 240_000 }, async () => {
    lab = new NetLab();
    const appAddress = lab.addHost('app');
    const statusAddress = lab.addHost('status');
    lab.addHost('a1');
    lab.addHost('a2');
    const secrets = { a1: 'a1-secret-0123456789', a2: 'a2-secret-0123456789' };
    const appUrl = `http://${appAddress}:8080`;
    const statusUrl = `http://${statusAddress}:3001`;
    // Generous enough that a loaded machine does not fail probes while the app is up.
    const timeouts = { PROBE_INTERVAL_S: '1', PROBE_TIMEOUT_MS: '5000' };

    const started = await Promise.all([
      spawnTs(FAKE_APP, { PORT: '8080', HOST: '0.0.0.0' }, /listening \d+/, 60_000, lab.exec('app')),
      spawnTs(
        STATUS_MAIN,
        {
          STATUS_PORT: '3001',
          STATUS_HOST: '0.0.0.0',
          STATUS_DATA_DIR: tempDir(),
          APP_URL: appUrl,
          STATUS_AGENTS: `a1:${secrets.a1},a2:${secrets.a2}`,
          LOG_LEVEL: 'warn',
          ...timeouts,
        },
        /status service is running at/,
        60_000,
        lab.exec('status'),
      ),
      ...(['a1', 'a2'] as const).map((name, i) =>
        spawnTs(
          AGENT_MAIN,
          { STATUS_URL: statusUrl, APP_URL: appUrl, AGENT_NAME: name, AGENT_LOCATION: ['Frankfurt', 'Singapore'][i]!, AGENT_SECRET: secrets[name], AGENT_BACKLOG_FILE: path.join(tempDir('sirb-agent-'), 'backlog.json'), ...timeouts },
          /probe agent .* is probing/,
          60_000,
          lab!.exec(name),
        ),
      ),
    ]);
    children.push(...started);

    const summary = async () => (await getJson<Summary>(`${statusUrl}/api/v2/summary.json`)).body;
    const state = (s: Summary, id: string) => s.sirb.locations.find((l) => l.id === id)?.state;
    const probeIncidents = (s: Summary) => s.incidents.filter((i) => i.sirb.kind === 'probes');
    /** Watches `cycles` fresh local probe cycles, asserting `check` on each summary. */
    const hold = async (what: string, cycles: number, check: (s: Summary) => void) => {
      const seen = new Set<string>();
      await waitFor(what, async () => {
        const s = await summary();
        check(s);
        const at = (await getJson<{ id: string; last_probe: { at: string } | null }[]>(`${statusUrl}/api/v1/probes`)).body.find((p) => p.id === 'website')?.last_probe?.at;
        if (at) seen.add(at);
        return seen.size > cycles;
      }, 60_000);
    };

    // Everyone reaches everyone: three locations, all well, every component operational.
    await waitFor('three healthy locations', async () => {
      const s = await summary();
      return s.sirb.locations.length === 3 && s.sirb.locations.every((l) => l.state === 'ok' && l.components.every((c) => c.ok)) && s.components.every((c) => c.status === 'operational');
    }, 60_000);
    const page = await (await fetch(`${statusUrl}/?lang=en`)).text();
    assert.match(page, /id="locations"/);
    assert.match(page, /Frankfurt/);

    // 1. Agent a1 can no longer reach the app (its route to it is gone), but still the status service.
    lab.blackhole('a1', 'app', true);
    await waitFor('a1 marked as cut off', async () => state(await summary(), 'a1') === 'cut_off', 30_000);
    await hold('no incident while only a1 cannot reach the app', 3, (s) => {
      assert.deepEqual(probeIncidents(s), [], 'no incident for one location cut off');
      assert.equal(s.components.find((c) => c.id === 'website')!.status, 'operational');
      assert.equal(state(s, 'a1'), 'cut_off');
    });
    const arabic = await (await fetch(`${statusUrl}/?lang=ar`)).text();
    assert.match(arabic, /data-location="a1" data-state="cut_off"/);
    assert.match(arabic, /لا يصل إلى سرب/);
    lab.blackhole('a1', 'app', false);
    await waitFor('a1 reaching the app again', async () => state(await summary(), 'a1') === 'ok', 30_000);

    // 2. Agent a2's link goes down altogether: it stops reporting, which is no outage either.
    lab.setLink('a2', false);
    await waitFor('a2 marked as not reporting', async () => state(await summary(), 'a2') === 'stale', 30_000);
    await hold('no incident while a2 is silent', 2, (s) => {
      assert.deepEqual(probeIncidents(s), []);
      assert.ok(s.components.every((c) => c.status === 'operational'));
    });
    lab.setLink('a2', true);
    await waitFor('a2 reporting again', async () => state(await summary(), 'a2') === 'ok', 30_000);

    // 3. The app's own link goes down: every location agrees, and that is an outage.
    lab.setLink('app', false);
    const down = await waitFor('the outage incident', async () => {
      const s = await summary();
      return s.components.find((c) => c.id === 'website')?.status === 'major_outage' && probeIncidents(s).length === 1 ? s : undefined;
    }, 90_000);
    assert.ok(down.sirb.locations.every((l) => l.state !== 'cut_off'), 'no location is blamed when the app itself is cut off');
    assert.notEqual(down.status.indicator, 'none');
  });
});
