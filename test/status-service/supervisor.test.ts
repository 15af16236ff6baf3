// Issue 14, false statement 8: the status service survives its host's accidents. `npm start`
// (src/main.ts) restarts a dead status service, replaces an orphan left by an app that was
// SIGKILLed (no "port in use"), adopts one run on purpose, and its /healthz reports the service.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isolatedBackend, type IsolatedBackend } from '../helpers/backend.js';
import { ROOT } from '../helpers/process.js';
import { freePort } from '../helpers/server.js';
import { STATUS_MAIN, waitFor } from './status-process.js';

let backend: IsolatedBackend;
const running: ChildProcess[] = [];
before(async () => {
  backend = await isolatedBackend();
});
after(async () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await backend.drop();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the app supervises its status service', () => {
  it('restarts it, reports it in /healthz, replaces an orphan, adopts one run on purpose', { timeout: 600_000 }, async (t) => {
    const began = Date.now();
    const phase = (name: string) => t.diagnostic(`${((Date.now() - began) / 1000).toFixed(1)} s: ${name}`);
    const [port, statusPort] = [await freePort(), await freePort()];
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-supervise-'));
    const pidFile = path.join(dataDir, 'status', 'status.pid');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: backend.databaseUrl ?? '',
      REDIS_URL: backend.redisUrl ?? '',
      REDIS_PREFIX: backend.redisPrefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATUS_PORT: String(statusPort),
      PROBE_INTERVAL_S: '5',
      LOG_LEVEL: 'warn',
    };
    delete env.SIRB_STATUS;
    const startApp = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      running.push(child);
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      return { child, output: () => out, exited };
    };
    const health = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return (await res.json()) as { status: string; status_service?: string };
    };
    /** Waits, and on a timeout says what the app printed. */
    const until = <T,>(app: { output(): string }, what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number) =>
      waitFor(what, probe, timeoutMs).catch((error: Error) => {
        throw new Error(`${error.message}\napp output:\n${app.output()}`);
      });
    const statusPid = () => (JSON.parse(fs.readFileSync(pidFile, 'utf8')) as { pid: number; supervisor: number | null });

    // 1. A status service someone started on purpose holds the port: the app adopts it…
    const standaloneEnv = { ...env, STATUS_DATA_DIR: path.join(dataDir, 'status'), APP_URL: `http://127.0.0.1:${port}`, STATUS_HOST: '127.0.0.1' };
    const standalone = spawn(process.execPath, ['--import', 'tsx', STATUS_MAIN], { cwd: ROOT, env: standaloneEnv, stdio: 'ignore' });
    running.push(standalone);
    await waitFor('the standalone service', async () => statusPid().pid === standalone.pid && (await fetch(`http://127.0.0.1:${statusPort}/healthz`)).ok, 60_000);
    phase('standalone up');
    let app = startApp();
    await until(app, 'adopted', async () => /adopted, not started again/.test(app.output()) && (await health()).status_service === 'ok', 180_000);
    assert.equal(statusPid().pid, standalone.pid, 'not started twice');
    // … and starts its own once that one is gone.
    standalone.kill('SIGTERM');
    const first = await until(app, 'its own status service', async () => {
      const p = statusPid();
      return p.pid !== standalone.pid && p.supervisor === app.child.pid && (await health()).status_service === 'ok' ? p : undefined;
    }, 60_000);

    phase('own service running');
    // 2. A hung status service is reported as unavailable (the app stays healthy), then ok again.
    process.kill(first.pid, 'SIGSTOP');
    try {
      await waitFor('unavailable while it hangs', async () => {
        const h = await health();
        return h.status === 'ok' && h.status_service === 'unavailable';
      }, 30_000);
    } finally {
      process.kill(first.pid, 'SIGCONT');
    }
    await waitFor('ok again', async () => (await health()).status_service === 'ok', 30_000);

    phase('hung reported');
    // 3. It dies: the app starts it again.
    process.kill(first.pid, 'SIGKILL');
    const second = await until(app, 'a new status service', async () => {
      const p = statusPid();
      return p.pid !== first.pid && alive(p.pid) && (await health()).status_service === 'ok' ? p : undefined;
    }, 60_000);
    assert.match(app.output(), /status service exited \(SIGKILL\); restarting it in/);

    phase('restarted');
    // 4. The app is SIGKILLed: its status service lives on as an orphan, still holding the port.
    app.child.kill('SIGKILL');
    await app.exited;
    assert.ok(alive(second.pid), 'the orphan runs on');
    assert.equal((await fetch(`http://127.0.0.1:${statusPort}/healthz`)).status, 200);
    // A second `npm start` replaces it instead of failing on the port.
    app = startApp();
    const third = await until(app, 'the orphan replaced', async () => {
      const p = statusPid();
      return p.pid !== second.pid && p.supervisor === app.child.pid && (await health()).status_service === 'ok' ? p : undefined;
    }, 180_000);
    assert.ok(!alive(second.pid), 'the orphan is gone');
    assert.match(app.output(), new RegExp(`replacing an orphaned status service \\(pid ${second.pid}`));
    assert.doesNotMatch(app.output(), /EADDRINUSE|address already in use/);

    phase('orphan replaced');
    // 5. SIGTERM stops the app and its own status service.
    app.child.kill('SIGTERM');
    assert.equal(await app.exited, 0);
    await waitFor('its status service stopped', async () => !alive(third.pid), 15_000);
  });
});
