// Issue 14, false statement 3: a stream that connects but never delivers must not read as
// operational. The probe posts and waits to see its own post arrive on its own user stream.
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

type Probe = { id: string; status: string; last_probe: { ok: boolean; error?: string | null } | null };

describe('the streaming check', () => {
  it('fails when the stream connects but does not deliver the probe’s own post', async () => {
    const port = await freePort();
    app = await spawnTs(FAKE_APP, { PORT: String(port) }, /listening/);
    svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: `http://127.0.0.1:${port}`, logLevel: 'silent', background: false, probeTimeoutMs: 1500 });
    const notifications = async () => (await getJson<Probe[]>(`${svc!.url}/api/v1/probes`)).body.find((p) => p.id === 'notifications')!;

    await svc.ctx.runner.cycle();
    await svc.ctx.runner.cycle();
    assert.equal((await notifications()).status, 'operational');
    assert.equal((await notifications()).last_probe?.ok, true);

    await getJson(`http://127.0.0.1:${port}/__mute_stream?on=1`, { method: 'POST' });
    await svc.ctx.runner.cycle();
    await svc.ctx.runner.cycle();
    const muted = await notifications();
    assert.equal(muted.status, 'major_outage', 'a silent stream is an outage of notifications & streaming');
    assert.match(muted.last_probe?.error ?? '', /did not deliver/);
    const others = (await getJson<Probe[]>(`${svc.url}/api/v1/probes`)).body.filter((p) => p.id !== 'notifications');
    assert.ok(others.every((p) => p.status === 'operational'), JSON.stringify(others));
  });
});
