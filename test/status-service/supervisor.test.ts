// Issue 14, false statement 8: the status service survives its host's accidents. `npm start`
// (src/main.ts) restarts a dead status service, replaces an orphan left by an app that was
// SIGKILLed (no "port in use"), adopts one run on purpose; its /healthz reports the service and
// it stops advertising the status page while the service is down.
// Each part is its own test and finds the status process from /proc (the app's child running
// packages/status), not from anything the fix added, so each can be run against the code before
// the fix and seen to fail there.
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
  for (const pid of strays) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await backend.drop();
});
/** Status processes a test saw, killed at the end whatever happened. */
const strays = new Set<number>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The status service the app process `appPid` runs as its child, if any (from /proc). */
function statusChildOf(appPid: number): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== appPid) continue;
      if (!fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('packages/status/src/main.ts')) continue;
      strays.add(Number(entry));
      return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

interface App {
  child: ChildProcess;
  port: number;
  statusPort: number;
  output(): string;
  exited: Promise<number | null>;
  health(): Promise<{ status: string; status_service?: string }>;
  instance(): Promise<{ configuration: { urls: { status?: string } }; status_page_url?: string }>;
  statusAnswers(): Promise<boolean>;
  /** Waits, and on a timeout says what the app printed. */
  until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T>;
}

async function ports() {
  return { port: await freePort(), statusPort: await freePort(), dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-supervise-')) };
}

function appEnv(where: { port: number; statusPort: number; dataDir: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: backend.databaseUrl ?? '',
    REDIS_URL: backend.redisUrl ?? '',
    REDIS_PREFIX: backend.redisPrefix,
    PORT: String(where.port),
    HOST: '127.0.0.1',
    DATA_DIR: where.dataDir,
    STATUS_PORT: String(where.statusPort),
    PROBE_INTERVAL_S: '5',
    LOG_LEVEL: 'warn',
  };
  delete env.SIRB_STATUS;
  return env;
}

/** `npm start` (src/main.ts), waited for until its /healthz answers (generous: a loaded machine is slow). */
async function startApp(where: { port: number; statusPort: number; dataDir: string }): Promise<App> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: appEnv(where), stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${where.port}`;
  const app: App = {
    child,
    ...where,
    output: () => out,
    exited,
    health: async () => (await (await fetch(`${base}/healthz`)).json()) as { status: string; status_service?: string },
    instance: async () => (await (await fetch(`${base}/api/v2/instance`)).json()) as never,
    statusAnswers: async () => {
      try {
        return (await fetch(`http://127.0.0.1:${where.statusPort}/healthz`, { signal: AbortSignal.timeout(2000) })).ok;
      } catch {
        return false;
      }
    },
    until: (what, probe, timeoutMs) =>
      waitFor(what, probe, timeoutMs).catch((error: Error) => {
        throw new Error(`${error.message}\napp output:\n${out}`);
      }),
  };
  await app.until('the app', async () => (await app.health()).status === 'ok', 180_000);
  return app;
}

describe('the app watches its status service', () => {
  let app: App;
  before(async () => {
    app = await startApp(await ports());
    await app.until('its status service', async () => statusChildOf(app.child.pid!) !== undefined && (await app.statusAnswers()), 60_000);
  });
  after(async () => {
    app.child.kill('SIGTERM');
    await app.exited;
  });

  it('/healthz reports the status service, and the status page is not advertised while it is down', { timeout: 180_000 }, async () => {
    await app.until('status_service ok in /healthz', async () => (await app.health()).status_service === 'ok', 30_000);
    const advertised = await app.until('the status page advertised', async () => {
      const instance = await app.instance();
      return instance.configuration.urls.status !== undefined ? instance : undefined;
    }, 15_000);
    assert.equal(advertised.configuration.urls.status, 'http://localhost:' + app.statusPort);
    assert.equal(advertised.status_page_url, 'http://localhost:' + app.statusPort);
    // A hung status service: reported unavailable (the app itself stays healthy), no longer advertised.
    const pid = statusChildOf(app.child.pid!)!;
    process.kill(pid, 'SIGSTOP');
    try {
      await app.until('unavailable while it hangs', async () => {
        const h = await app.health();
        return h.status === 'ok' && h.status_service === 'unavailable';
      }, 30_000);
      await app.until('the status page withdrawn', async () => {
        const instance = await app.instance();
        return instance.configuration.urls.status === undefined && instance.status_page_url === undefined;
      }, 15_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await app.until('ok again', async () => (await app.health()).status_service === 'ok', 30_000);
    await app.until('advertised again', async () => (await app.instance()).configuration.urls.status === 'http://localhost:' + app.statusPort, 15_000);
  });

  it('restarts a status service that was killed', { timeout: 180_000 }, async () => {
    const first = statusChildOf(app.child.pid!)!;
    process.kill(first, 'SIGKILL');
    await app.until('a new status service', async () => {
      const now = statusChildOf(app.child.pid!);
      return now !== undefined && now !== first && (await app.statusAnswers());
    }, 60_000);
    assert.match(app.output(), /status service exited \(SIGKILL\); restarting it in/);
  });
});

describe('a second npm start', () => {
  it('replaces an orphan left by a SIGKILLed app instead of failing on its port', { timeout: 600_000 }, async () => {
    const where = await ports();
    const first = await startApp(where);
    const orphan = await first.until('its status service', async () => {
      const pid = statusChildOf(first.child.pid!);
      return pid !== undefined && (await first.statusAnswers()) ? pid : undefined;
    }, 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    assert.ok(alive(orphan), 'the orphan runs on');
    assert.ok(await first.statusAnswers(), 'and holds the port');

    const second = await startApp(where);
    const own = await second.until('the orphan replaced by its own child', async () => {
      const pid = statusChildOf(second.child.pid!);
      return pid !== undefined && !alive(orphan) && (await second.statusAnswers()) ? pid : undefined;
    }, 60_000);
    assert.match(second.output(), new RegExp(`replacing an orphaned status service \\(pid ${orphan}`));
    assert.doesNotMatch(second.output(), /EADDRINUSE|address already in use/);
    // SIGTERM stops the app and its own status service.
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);
    await waitFor('its status service stopped', async () => !alive(own), 15_000);
  });

  it('adopts a status service run on purpose, and starts its own once that one is gone', { timeout: 600_000 }, async () => {
    const where = await ports();
    const env = { ...appEnv(where), STATUS_DATA_DIR: path.join(where.dataDir, 'status'), APP_URL: `http://127.0.0.1:${where.port}`, STATUS_HOST: '127.0.0.1' };
    const standalone = spawn(process.execPath, ['--import', 'tsx', STATUS_MAIN], { cwd: ROOT, env, stdio: 'ignore' });
    running.push(standalone);
    await waitFor('the standalone service', async () => (await fetch(`http://127.0.0.1:${where.statusPort}/healthz`)).ok, 60_000);
    const app = await startApp(where);
    await app.until('adopted', async () => /adopted, not started again/.test(app.output()) && (await app.health()).status_service === 'ok', 60_000);
    assert.equal(statusChildOf(app.child.pid!), undefined, 'not started twice');
    assert.equal(standalone.exitCode, null, 'the standalone one still runs');
    standalone.kill('SIGTERM');
    await app.until('its own status service', async () => statusChildOf(app.child.pid!) !== undefined && (await app.health()).status_service === 'ok', 60_000);
    app.child.kill('SIGTERM');
    assert.equal(await app.exited, 0);
  });
});
