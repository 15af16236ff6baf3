// Webhook deliveries (HMAC signature, retries with exponential backoff) and a report spike
// opening and resolving an incident by itself, through the running service with a test clock.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { after, describe, it } from 'node:test';
import { startStatusService, type RunningStatusService } from '../src/main.js';
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

    const svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', adminToken: ADMIN, logLevel: 'silent', background: false, webhookRetryBaseMs: 1000, clock: () => now });
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

describe('report spikes', () => {
  it('opens an incident naming regions and problems, and resolves it after a quiet period', async () => {
    let now = Date.UTC(2026, 10, 2, 9, 0, 0);
    const svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', logLevel: 'silent', background: false, reportLimit: 1000, clock: () => now });
    running.push(svc);
    const send = (problem: string, region: string) =>
      getJson(`${svc.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problem, region }) });

    for (let i = 0; i < 5; i++) {
      assert.equal((await send('login', 'GB')).status, 201);
      now += 1000;
    }
    assert.deepEqual((await getJson(`${svc.url}/api/v2/incidents/unresolved.json`)).body.incidents, [], 'a handful of reports is not an outage');
    for (let i = 0; i < 60; i++) {
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
    assert.match(page, /65 reports/);
  });

  it('remembers across a restart: the detector relearns from the store and resolves what calmed down', async () => {
    let now = Date.UTC(2026, 10, 3, 20, 0, 0);
    const dataDir = tempDir();
    const options = { port: 0, host: '127.0.0.1', dataDir, appUrl: 'http://127.0.0.1:9', logLevel: 'silent', background: false, reportLimit: 1000, clock: () => now };
    const first = await startStatusService(options);
    for (let i = 0; i < 50; i++) {
      await getJson(`${first.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problem: 'posting', region: 'EG' }) });
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
