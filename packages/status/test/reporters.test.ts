// Reporters, not requests: an anonymous client is its stored random id (cookie or "client") with its
// address, counted once per problem per window; the form hands out the id; and the opening words
// of a reports incident never claim a "usual level" the service has not seen yet (ar/en).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { problemIndex } from '../src/detector/problems.js';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { getJson, tempDir } from './helpers.js';

const running: RunningStatusService[] = [];
after(async () => {
  for (const s of running) await s.stop();
});

async function service(clock?: () => number) {
  const svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', logLevel: 'silent', background: false, trustProxy: 1, reportLimit: 1000, ...(clock ? { clock } : {}) });
  running.push(svc);
  return svc;
}
const post = (svc: RunningStatusService, ip: string, body: object, headers: Record<string, string> = {}) =>
  getJson(`${svc.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...headers }, body: JSON.stringify(body) });
const ID_A = 'aaaaaaaaaaaaaaaaaaaaaa';
const ID_B = 'bbbbbbbbbbbbbbbbbbbbbb';

describe('reporters, not requests', () => {
  it('counts an anonymous client once per problem per window, and two clients behind one address as two', async () => {
    const svc = await service();
    const count = () => svc.ctx.reports.detector.windowCount('QA');
    for (let k = 0; k < 3; k++) assert.equal((await post(svc, '203.0.113.9', { problem: 'login', region: 'QA', client: ID_A })).status, 201);
    assert.equal(count(), 1, 'the same client and problem: once');
    await post(svc, '203.0.113.9', { problem: 'posting', region: 'QA', client: ID_A });
    assert.equal(count(), 2, 'another problem: counted');
    await post(svc, '203.0.113.9', { problem: 'login', region: 'QA', client: ID_B });
    assert.equal(count(), 3, 'another client behind the same address: another reporter');
    await post(svc, '203.0.113.9', { problem: 'login', region: 'QA' }, { cookie: `sirb_reporter=${ID_B}` });
    assert.equal(count(), 3, 'the cookie names the same client as "client"');
    // One network adds at most the detector's cap, however many clients it holds.
    for (const id of ['c', 'd', 'e', 'f'].map((c) => c.repeat(20))) await post(svc, '203.0.113.9', { problem: 'timeline', region: 'QA', client: id });
    assert.equal(count(), 3, 'the network had no more room');
  });

  it('refuses a malformed client id with a clear error', async () => {
    const svc = await service();
    for (const client of ['short', 'x'.repeat(65), 'has spaces in it here', 42]) {
      const res = await post(svc, '203.0.113.10', { problem: 'login', client });
      assert.equal(res.status, 422, JSON.stringify(client));
      assert.match(res.body.error, /client/);
    }
  });

  it('gives form visitors a stored random id, and counts their posts by it', async () => {
    const svc = await service();
    const page = await fetch(`${svc.url}/report?lang=en`);
    await page.text();
    const cookie = page.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^sirb_reporter=[A-Za-z0-9_-]{16,64}; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly/);
    const again = await fetch(`${svc.url}/report?lang=en`, { headers: { cookie: cookie.split(';')[0]! } });
    await again.text();
    assert.equal(again.headers.get('set-cookie'), null, 'an id already held is kept');
    const form = (id: string) =>
      fetch(`${svc.url}/report?lang=en`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.4', cookie: id }, body: 'problem=search&region=OM' }).then((r) => r.text());
    await form(cookie.split(';')[0]!);
    await form(cookie.split(';')[0]!);
    await form(`sirb_reporter=${ID_A}`);
    assert.equal(svc.ctx.reports.detector.windowCount('OM'), 2);
  });
});

describe('what a reports incident says', () => {
  const spike = async (svc: RunningStatusService, tick: () => void) => {
    for (let i = 0; i < 120; i++) {
      await post(svc, `198.${18 + (i % 2)}.${i}.1`, { problem: 'login', region: 'GB' });
      tick();
    }
    const [incident] = (await getJson(`${svc.url}/api/v2/incidents/unresolved.json`)).body.incidents;
    const [ar] = (await getJson(`${svc.url}/api/v2/incidents/unresolved.json?lang=ar`)).body.incidents;
    assert.ok(incident, 'the spike opened an incident');
    return { en: incident.incident_updates.at(-1).body as string, ar: ar.incident_updates.at(-1).body as string };
  };

  it('never speaks of a usual level on day one', async () => {
    let now = Date.UTC(2026, 10, 9, 10, 0, 0);
    const svc = await service(() => now);
    const body = await spike(svc, () => (now += 1000));
    assert.doesNotMatch(body.en, /above the usual level/);
    assert.match(body.en, /less than a week/);
    assert.match(body.ar, /أقل من أسبوع/);
  });

  it('compares with the usual level for this time of the week once it has one', async () => {
    const spikeAt = Date.UTC(2026, 10, 9, 10, 0, 0);
    let now = spikeAt - 8 * 86_400_000;
    const svc = await service(() => now);
    // Eight days of a steady trickle, straight into the detector: more than a week of history.
    for (let t = now; t < spikeAt; t += 20 * 60_000) svc.ctx.reports.detector.observe(t, 'GB', problemIndex('other'), `GB-${t}`);
    now = spikeAt;
    const body = await spike(svc, () => (now += 1000));
    assert.match(body.en, /well above the usual level for this time of the week/);
    assert.match(body.ar, /المعتاد في هذا الوقت من الأسبوع/);
  });
});
