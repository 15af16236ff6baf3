// The kill-and-restart drill against the real Sirb app (src/main.ts with SIRB_STATUS=off, so the
// app process runs alone and our status service runs beside it as its own process). Also: the
// probe never becomes the Owner of a fresh instance, and the app's Owner token is an admin token.
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

/** Signs up a person through the app's Mastodon API and returns their token. */
async function signUp(appUrl: string, username: string): Promise<string> {
  const json = { 'content-type': 'application/json' };
  const app = (await getJson(`${appUrl}/api/v1/apps`, { method: 'POST', headers: json, body: JSON.stringify({ client_name: 'test', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' }) })).body;
  const appToken = (await getJson(`${appUrl}/oauth/token`, { method: 'POST', headers: json, body: JSON.stringify({ grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write' }) })).body;
  const account = await getJson(`${appUrl}/api/v1/accounts`, {
    method: 'POST',
    headers: { ...json, authorization: `Bearer ${appToken.access_token}` },
    body: JSON.stringify({ username, email: `${username}@example.com`, password: 'correct horse battery staple', agreement: true, locale: 'ar' }),
  });
  assert.equal(account.status, 200, JSON.stringify(account.body));
  return account.body.access_token;
}

describe('outage detection against the real app', () => {
  it('probes every component through the real Mastodon API, and notices a kill and a restart', async () => {
    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
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
      { STATUS_PORT: String(statusPort), STATUS_HOST: '127.0.0.1', STATUS_DATA_DIR: tempDir(), APP_URL: appUrl, PROBE_INTERVAL_S: '1', PROBE_TIMEOUT_MS: '8000', LOG_LEVEL: 'warn' },
      /status service is running at/,
    );
    children.push(status);
    const base = `http://127.0.0.1:${statusPort}`;
    const probes = async () => (await getJson<Probe[]>(`${base}/api/v1/probes`)).body;

    // A fresh instance: the unauthenticated probes run, the probe account waits for a person.
    await waitFor('website and API probed', async () => {
      const p = await probes();
      return p.find((c) => c.id === 'website')?.last_probe?.ok && p.find((c) => c.id === 'api')?.last_probe?.ok;
    }, 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await probes()).find((c) => c.id === 'sign_in')?.last_probe, null, 'no sign-in attempted yet');
    assert.equal((await getJson(`${appUrl}/api/v1/instance`)).body.stats.user_count, 0, 'the probe did not take the Owner account');

    const ownerToken = await signUp(appUrl, 'owner');
    const healthy = await waitFor('every probe passing against the real app', async () => {
      const p = await probes();
      return p.every((c) => c.last_probe?.ok && c.status === 'operational') ? p : undefined;
    }, 30_000).catch(async (error) => {
      throw new Error(`${error.message}\n${JSON.stringify(await probes(), null, 1)}`);
    });
    assert.equal(healthy.length, 7);

    // The app's Owner may post incidents on the status page with their own app token.
    const headers = { 'content-type': 'application/json' };
    const notice = { name: 'Planned restart', body: 'We are restarting the app.' };
    const byOwner = await getJson(`${base}/api/v1/incidents`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${ownerToken}` }, body: JSON.stringify(notice) });
    assert.equal(byOwner.status, 201, JSON.stringify(byOwner.body));
    const userToken = await signUp(appUrl, 'someone');
    const byUser = await getJson(`${base}/api/v1/incidents`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${userToken}` }, body: JSON.stringify(notice) });
    assert.equal(byUser.status, 403);
    await getJson(`${base}/api/v1/incidents/${byOwner.body.id}/updates`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${ownerToken}` }, body: JSON.stringify({ status: 'resolved', body: 'Done.' }) });

    app.process.kill('SIGKILL');
    await app.exited;
    const killedAt = Date.now();
    await waitFor('major outage', async () => (await probes()).every((c) => c.status === 'major_outage'), 45_000);
    const seconds = (Date.now() - killedAt) / 1000;
    assert.ok(seconds < 45);
    const open = (await getJson(`${base}/api/v2/incidents/unresolved.json`)).body.incidents;
    assert.equal(open.length, 1);
    assert.equal(open[0].sirb.kind, 'probes');

    app = await startApp();
    await waitFor('recovery', async () => (await probes()).every((c) => c.status === 'operational' && c.last_probe?.ok), 45_000);
    await waitFor('incident resolved', async () => (await getJson(`${base}/api/v2/incidents/unresolved.json`)).body.incidents.length === 0, 10_000);
    console.log(`# real app: major_outage ${seconds.toFixed(1)} s after SIGKILL`);
    status.process.kill('SIGTERM');
    assert.equal(await status.exited, 0);
  });
});
