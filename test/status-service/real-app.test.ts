// The real app and the status service (packages/status) together, each its own process, talking
// only HTTP: `npm start` starts both, `npm run status:replay` reaches the package from the
// repository, and the status service notices the app being killed and restarted. Also: the probe
// never becomes the Owner of a fresh instance, and the app's Owner (made by `npm run admin --
// create-owner`) is an admin on the status page.
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { isolatedBackend, type IsolatedBackend } from '../helpers/backend.js';
import { Api, createApp, createUser } from '../helpers/client.js';
import { ROOT, startAppProcess, type AppProcess } from '../helpers/process.js';
import { freePort } from '../helpers/server.js';
import { startStatusProcess, untilOutput, waitFor, type StatusProcess } from './status-process.js';

type Probe = { id: string; status: string; last_probe: { at: string; ok: boolean; error: string | null } | null };

let backend: IsolatedBackend;
const stops: (() => Promise<unknown>)[] = [];
before(async () => {
  // The website probe asks the app for its web page, which exists once web/dist is built (as
  // `npm start` builds it first); the script builds it only when missing or stale.
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.mjs')], { stdio: 'inherit' });
  assert.equal(build.status, 0, 'web app built');
  backend = await isolatedBackend();
});
after(async () => {
  for (const stop of stops.reverse()) await stop();
  await backend.drop();
});

function backendEnv(): Record<string, string> {
  return { DATABASE_URL: backend.databaseUrl ?? '', REDIS_URL: backend.redisUrl ?? '', REDIS_PREFIX: backend.redisPrefix };
}

describe('npm start', () => {
  it('starts the app and the status service beside it, prints both URLs, and stops both', async () => {
    const [port, statusPort] = [await freePort(), await freePort()];
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-start-'));
    const env: NodeJS.ProcessEnv = { ...process.env, ...backendEnv(), PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, STATUS_PORT: String(statusPort), LOG_LEVEL: 'warn' };
    delete env.SIRB_STATUS;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    stops.push(async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    });
    await untilOutput(child, () => out, /Sirb is running at[\s\S]*status service is running at|status service is running at[\s\S]*Sirb is running at/, exited, 180_000);
    assert.match(out, new RegExp(`Sirb is running at http://localhost:${port}`));
    assert.match(out, new RegExp(`status service is running at http://127\\.0\\.0\\.1:${statusPort} \\(probing http://127\\.0\\.0\\.1:${port} `));
    assert.ok(fs.existsSync(path.join(dataDir, 'status', 'status.sqlite')), 'its own store, under DATA_DIR/status');

    const status = new Api(`http://127.0.0.1:${statusPort}`);
    const summary = await status.get('/api/v2/summary.json');
    assert.equal(summary.status, 200);
    assert.equal(summary.body.components.filter((c: { group: boolean }) => !c.group).length, 7);
    // The app knows the status page only by its URL, from its own configuration.
    const instance = await new Api(`http://127.0.0.1:${port}`).get('/api/v2/instance');
    assert.equal(instance.body.configuration.urls.status, `http://localhost:${statusPort}`);
    // The app's web client, opened at the URL printed above, may report an outage to the service,
    // and the status page links back to that same address (not the probed 127.0.0.1).
    const report = await fetch(`http://127.0.0.1:${statusPort}/api/v1/reports`, {
      method: 'POST',
      headers: { origin: `http://localhost:${port}`, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      body: JSON.stringify({ problem: 'website', client: 'from-the-app-web-client' }),
    });
    assert.equal(report.status, 201, await report.text());
    assert.equal(report.headers.get('access-control-allow-origin'), `http://localhost:${port}`);
    assert.match(await (await fetch(`http://127.0.0.1:${statusPort}/?lang=en`)).text(), new RegExp(`href="http://localhost:${port}/?"`));

    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    await assert.rejects(fetch(`http://127.0.0.1:${statusPort}/healthz`), 'the status service stopped with the app');
  });
});

describe('npm run status:replay', () => {
  it('runs the package\'s replay from the repository, with FILE relative to where npm was started', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-replay-')), 'reports.ndjson');
    const lines = ['{"at":"2026-02-02T00:00:00Z","region":"GB","problem":"login"}', 'not json', '{"at":"2026-02-02T00:00:05Z","region":"SA","problem":"posting"}'];
    fs.writeFileSync(file, lines.join('\n') + '\n');
    // Relative to the repository, where npm is started; npm runs the script inside packages/status.
    const relative = path.relative(ROOT, file);
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', 'status:replay', '--', relative], { cwd: ROOT });
    assert.equal(stdout, '', 'two reports open nothing');
    assert.match(stderr, /skipped 1 unusable line/);
  });
});

describe('outage detection against the real app', () => {
  it('probes every component through the real Mastodon API, and notices a kill and a restart', async () => {
    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-real-app-'));
    const startApp = async () => {
      const app = await startAppProcess({ port: appPort, dataDir, backend, env: { LOG_LEVEL: 'warn' } });
      stops.push(() => app.kill());
      return app;
    };
    let app: AppProcess = await startApp();
    const status: StatusProcess = await startStatusProcess({ port: await freePort(), appUrl, env: { PROBE_INTERVAL_S: '1', PROBE_TIMEOUT_MS: '8000' } });
    stops.push(async () => {
      if (status.child.exitCode === null) status.child.kill('SIGKILL');
      await status.exited;
    });
    const statusApi = new Api(status.url);
    const appApi = new Api(appUrl);
    const probes = async () => (await statusApi.get<Probe[]>('/api/v1/probes')).body;
    const probedAt = (p: Probe[]) => p.find((c) => c.id === 'website')?.last_probe?.at;

    // A fresh instance: the unauthenticated probes run, the probe account waits for a person.
    const first = await waitFor('website and API probed', async () => {
      const p = await probes();
      return p.find((c) => c.id === 'website')?.last_probe?.ok && p.find((c) => c.id === 'api')?.last_probe?.ok && p;
    }, 20_000);
    // Another whole cycle, so "no sign-in" is not just "not yet".
    const later = await waitFor('a second probe cycle', async () => {
      const p = await probes();
      return probedAt(p) !== probedAt(first) && p;
    }, 10_000);
    assert.equal(later.find((c) => c.id === 'sign_in')?.last_probe, null, 'no sign-in attempted yet');
    assert.equal((await appApi.get('/api/v1/instance')).body.stats.user_count, 0, 'the probe did not take the Owner account');

    // The owner is made by the admin command, as its operator would (never by signing up first).
    const ownerPassword = 'correct horse battery';
    await promisify(execFile)('npm', ['run', '--silent', 'admin', '--', 'create-owner', '--username', 'owner', '--email', 'owner@example.test', '--password', ownerPassword], {
      cwd: ROOT, env: { ...process.env, ...backendEnv(), DATA_DIR: dataDir },
    });
    // Only a token granted admin scopes is an admin token on the status page.
    const ownerApp = await createApp(appApi, 'read write follow push admin:read admin:write');
    const signedIn = await appApi.post('/oauth/token', { grant_type: 'password', client_id: ownerApp.clientId, client_secret: ownerApp.clientSecret, username: 'owner', password: ownerPassword, scope: 'read write follow push admin:read admin:write' });
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    const owner = { token: signedIn.body.access_token as string };
    const healthy = await waitFor('every probe passing against the real app', async () => {
      const p = await probes();
      return p.every((c) => c.last_probe?.ok && c.status === 'operational') ? p : undefined;
    }, 30_000).catch(async (error) => {
      throw new Error(`${error.message}\n${JSON.stringify(await probes(), null, 1)}`);
    });
    assert.equal(healthy.length, 7);

    // The app's Owner may post incidents on the status page with their own admin-scoped app token.
    const notice = { name: 'Planned restart', body: 'We are restarting the app.' };
    const byOwner = await statusApi.as(owner.token).post('/api/v1/incidents', notice);
    assert.equal(byOwner.status, 201, JSON.stringify(byOwner.body));
    const someone = await createUser(appApi, 'someone');
    assert.equal((await statusApi.as(someone.token).post('/api/v1/incidents', notice)).status, 403);
    const resolvedNotice = await statusApi.as(owner.token).post(`/api/v1/incidents/${byOwner.body.id}/updates`, { status: 'resolved', body: 'Done.' });
    assert.equal(resolvedNotice.status, 201);

    await app.kill('SIGKILL');
    const killedAt = Date.now();
    await waitFor('major outage', async () => (await probes()).every((c) => c.status === 'major_outage'), 45_000);
    const seconds = (Date.now() - killedAt) / 1000;
    const open = (await statusApi.get('/api/v2/incidents/unresolved.json')).body.incidents;
    assert.equal(open.length, 1);
    assert.equal(open[0].sirb.kind, 'probes');

    app = await startApp();
    await waitFor('recovery', async () => (await probes()).every((c) => c.status === 'operational' && c.last_probe?.ok), 45_000);
    // Resolved after its monitoring period (ten clean 1-s cycles by default).
    await waitFor('incident resolved', async () => (await statusApi.get('/api/v2/incidents/unresolved.json')).body.incidents.length === 0, 30_000);
    console.log(`# real app: major_outage ${seconds.toFixed(1)} s after SIGKILL`);
    status.child.kill('SIGTERM');
    assert.equal(await status.exited, 0);
  });
});
