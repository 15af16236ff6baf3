// Webhook deliveries (HMAC signature, retries with exponential backoff) and a report spike
// opening and resolving an incident by itself, through the running service with a test clock.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { after, describe, it } from 'node:test';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { createSubscription } from '../src/webhooks/store.js';
import { getJson, tempDir, waitFor } from './helpers.js';

const ADMIN = 'hook-admin';
const running: RunningStatusService[] = [];
const servers: http.Server[] = [];
after(async () => {
  for (const s of running) await s.stop();
  for (const s of servers) s.close();
});

describe('webhooks', () => {
  it('signs deliveries with HMAC-SHA256 and retries failures with exponential backoff', async () => {
    const received: { at: number; body: string; signature: string; event: string }[] = [];
    let failuresLeft = 2;
    // The service's clock is the test's: deliveries are driven by hand and their times are exact.
    let now = Date.UTC(2026, 10, 2, 9, 0, 0);
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ at: now, body, signature: String(req.headers['x-sirb-signature']), event: String(req.headers['x-sirb-event']) });
        res.writeHead(failuresLeft-- > 0 ? 503 : 204).end();
      });
    });
    servers.push(receiver);
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;

    // The receiver is on loopback: allowed here only because this service says so explicitly.
    const svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', adminToken: ADMIN, logLevel: 'silent', background: false, webhookRetryBaseMs: 1000, webhookAllowPrivate: true, clock: () => now });
    running.push(svc);
    const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    assert.equal((await getJson(`${svc.url}/api/v1/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: hookUrl }) })).status, 401);
    assert.equal((await getJson(`${svc.url}/api/v1/subscriptions`, { method: 'POST', headers: auth, body: JSON.stringify({ url: 'ftp://x' }) })).status, 422);
    const sub = await getJson(`${svc.url}/api/v1/subscriptions`, { method: 'POST', headers: auth, body: JSON.stringify({ url: hookUrl }) });
    assert.equal(sub.status, 201);
    const secret: string = sub.body.secret;

    const created = await getJson(`${svc.url}/api/v1/incidents`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Hook test', body: 'Testing webhooks.' }) });
    assert.equal(created.status, 201);
    const deliver = () => svc.ctx.deliverer.deliverDue();
    const start = now;
    await deliver();
    assert.equal(received.length, 1, 'delivered at once');
    // Base 1 s: the first retry is due 1 s later (plus up to 10% jitter), the second 2 s after that.
    now = start + 999;
    await deliver();
    assert.equal(received.length, 1, 'not retried before 1 s');
    now = start + 1100;
    await deliver();
    assert.equal(received.length, 2, 'retried within 1.1 s');
    now += 1999;
    await deliver();
    assert.equal(received.length, 2, 'the backoff doubled: not retried before 2 s');
    now += 201;
    await deliver();
    assert.equal(received.length, 3, 'retried within 2.2 s');
    now += 86_400_000;
    await deliver();
    assert.equal(received.length, 3, 'no deliveries after success');
    for (const r of received) {
      const expected = 'sha256=' + crypto.createHmac('sha256', secret).update(r.body).digest('hex');
      assert.equal(r.signature, expected);
      assert.equal(r.event, 'incident.created');
    }
    const payload = JSON.parse(received[2]!.body);
    assert.equal(payload.incident.name, 'Hook test');
    assert.ok(payload.page.status_indicator);
    const log = (await getJson(`${svc.url}/api/v1/subscriptions/deliveries`, { headers: auth })).body;
    assert.equal(log[0].attempts, 3);
    assert.equal(log[0].delivered_at, start + 1100 + 2200);

    // Running, the deliverer sends what is queued without waiting for its next poll.
    svc.ctx.deliverer.start();
    const update = await getJson(`${svc.url}/api/v1/incidents/${created.body.id}/updates`, { method: 'POST', headers: auth, body: JSON.stringify({ status: 'resolved', body: 'Done.' }) });
    assert.equal(update.status, 201);
    await waitFor('the update delivered', async () => received.length === 4, 10_000, 20);
    assert.equal(received[3]!.event, 'incident.resolved');
  });
});

describe('webhook destinations', () => {
  const hits: string[] = [];
  const listen = async (handler: http.RequestListener) => {
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return (server.address() as { port: number }).port;
  };
  const start = (allowPrivate: boolean) =>
    startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', adminToken: ADMIN, logLevel: 'silent', background: false, webhookAllowPrivate: allowPrivate }).then((s) => {
      running.push(s);
      return s;
    });
  const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };

  it('refuses loopback, private, link-local, CGNAT and metadata destinations when subscribing', async () => {
    const svc = await start(false);
    const port = await listen((req, res) => {
      hits.push(String(req.url));
      res.end();
    });
    for (const url of [
      `http://127.0.0.1:${port}/hook`,
      `http://localhost:${port}/hook`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://172.31.255.255/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://2130706433/',
      'http://0x7f.1/',
      // Every spelling of a special-use address: IPv4-compatible (URL makes it [::7f00:1]), mapped
      // in hex, unspecified, octal, short, unique local and NAT64 around loopback.
      'http://[::127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://[::]/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://[fc00::1]/',
      'http://[64:ff9b::7f00:1]/',
      'http://[64:ff9b::a00:1]/',
      'http://[2002:7f00:1::1]/',
      'http://user:pass@example.com/',
    ]) {
      const res = await getJson(`${svc.url}/api/v1/subscriptions`, { method: 'POST', headers: auth, body: JSON.stringify({ url }) });
      assert.equal(res.status, 422, `${url} → ${res.status}`);
    }
    assert.deepEqual((await getJson(`${svc.url}/api/v1/subscriptions`, { headers: auth })).body, []);
  });

  it('refuses them again at delivery, after DNS resolution, and logs a generic error', async () => {
    const svc = await start(false);
    const port = await listen((req, res) => {
      hits.push(String(req.url));
      res.writeHead(200).end('internal secret');
    });
    // As if the names had resolved to public addresses when subscribed (DNS rebinding).
    await createSubscription(svc.ctx.db, `http://localhost:${port}/by-name`, Date.now());
    await createSubscription(svc.ctx.db, `http://127.0.0.1:${port}/by-ip`, Date.now());
    const created = await getJson(`${svc.url}/api/v1/incidents`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Rebind', body: 'x' }) });
    assert.equal(created.status, 201);
    await svc.ctx.deliverer.deliverDue();
    assert.deepEqual(hits.filter((h) => h.startsWith('/by-')), [], 'nothing reached the loopback receiver');
    const log = (await getJson(`${svc.url}/api/v1/subscriptions/deliveries`, { headers: auth })).body;
    assert.equal(log.length, 2);
    for (const d of log) assert.match(d.last_error, /^refused/);
  });

  it('does not follow redirects, and never logs what the target answered', async () => {
    const svc = await start(true);
    const inner = await listen((req, res) => {
      hits.push(`inner${req.url}`);
      res.end();
    });
    const outer = await listen((req, res) => {
      req.resume();
      if (req.url === '/redirect') res.writeHead(307, { location: `http://127.0.0.1:${inner}/stolen` }).end();
      else res.writeHead(418, { 'content-type': 'text/plain' }).end('SSH-2.0-OpenSSH_9.6');
    });
    for (const p of ['/redirect', '/teapot']) {
      assert.equal((await getJson(`${svc.url}/api/v1/subscriptions`, { method: 'POST', headers: auth, body: JSON.stringify({ url: `http://127.0.0.1:${outer}${p}` }) })).status, 201);
    }
    await getJson(`${svc.url}/api/v1/incidents`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Redirect', body: 'x' }) });
    await svc.ctx.deliverer.deliverDue();
    assert.deepEqual(hits.filter((h) => h.startsWith('inner')), [], 'the redirect was not followed');
    const log = (await getJson(`${svc.url}/api/v1/subscriptions/deliveries`, { headers: auth })).body;
    assert.equal(log.length, 2);
    for (const d of log) assert.equal(d.last_error, 'delivery failed');
  });
});

describe('report spikes', () => {
  it('opens an incident naming regions and problems, and resolves it after a quiet period', async () => {
    let now = Date.UTC(2026, 10, 2, 9, 0, 0);
    const svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', logLevel: 'silent', background: false, trustProxy: 1, clock: () => now });
    running.push(svc);
    // Each report from its own network: reports count distinct reporters, and one network only so much.
    let reporter = 0;
    const send = (problem: string, region: string) =>
      getJson(`${svc.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.${++reporter}.100` }, body: JSON.stringify({ problem, region }) });

    for (let i = 0; i < 5; i++) {
      assert.equal((await send('login', 'GB')).status, 201);
      now += 1000;
    }
    assert.deepEqual((await getJson(`${svc.url}/api/v2/incidents/unresolved.json`)).body.incidents, [], 'a handful of reports is not an outage');
    for (let i = 0; i < 115; i++) {
      await send(i % 3 === 0 ? 'website' : 'login', 'GB');
      now += 1000;
    }
    const open = (await getJson(`${svc.url}/api/v2/incidents/unresolved.json`)).body.incidents;
    assert.equal(open.length, 1);
    assert.equal(open[0].sirb.kind, 'reports');
    assert.ok(open[0].sirb.regions.includes('GB'));
    assert.ok(open[0].sirb.problems.includes('login'));
    assert.match(open[0].name, /United Kingdom/);
    const ar = (await getJson(`${svc.url}/api/v2/incidents/unresolved.json?lang=ar`)).body.incidents[0];
    assert.match(ar.name, /المملكة المتحدة/);

    now += 30 * 60_000;
    await svc.ctx.reports.tick();
    const after = (await getJson(`${svc.url}/api/v2/incidents.json`)).body.incidents[0];
    assert.equal(after.status, 'resolved');
    const page = await (await fetch(`${svc.url}/?lang=en`)).text();
    assert.match(page, /120 reports/);
  });

  it('remembers across a restart: the detector relearns from the store and resolves what calmed down', async () => {
    let now = Date.UTC(2026, 10, 3, 20, 0, 0);
    const dataDir = tempDir();
    const options = { port: 0, host: '127.0.0.1', dataDir, appUrl: 'http://127.0.0.1:9', logLevel: 'silent', background: false, trustProxy: 1, clock: () => now };
    const first = await startStatusService(options);
    for (let i = 0; i < 110; i++) {
      await getJson(`${first.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.18.${i + 1}.0` }, body: JSON.stringify({ problem: 'posting', region: 'EG' }) });
      now += 500;
    }
    assert.equal((await getJson(`${first.url}/api/v2/incidents/unresolved.json`)).body.incidents.length, 1);
    await first.stop();

    now += 40 * 60_000;
    const second = await startStatusService(options);
    running.push(second);
    const incidents = (await getJson(`${second.url}/api/v2/incidents.json`)).body.incidents;
    assert.equal(incidents.length, 1);
    assert.equal(incidents[0].status, 'resolved', 'resolved at start-up, not left open forever');
    assert.ok(incidents[0].sirb.regions.includes('EG'));
    assert.equal(incidents[0].incident_updates[0].status, 'resolved');
  });
});
