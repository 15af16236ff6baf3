// Subscribers: webhooks about chosen components only, and email subscriptions through a real
// SMTP server (smtp-server): confirmation link first, then incident emails about the chosen
// components in the subscriber's language, each with an unsubscribe link that works.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { getJson, tempDir } from './helpers.js';
import { linkIn, startInbox, type Inbox } from './smtp-inbox.js';

const ADMIN = 'subs-admin';
let svc: RunningStatusService;
let inbox: Inbox;

before(async () => {
  inbox = await startInbox();
  svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', adminToken: ADMIN, logLevel: 'silent', background: false, smtpUrl: inbox.url, mailFrom: 'Sirb Status <status@example.org>', webhookAllowPrivate: true });
});
after(async () => {
  await svc?.stop();
  await inbox?.close();
});

const call = (method: string, path: string, body?: unknown, token: string | null = ADMIN) =>
  getJson(`${svc.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const openIncident = (name: string, components?: string[]) => call('POST', '/api/v1/incidents', { name, name_ar: `${name} (ar)`, body: `${name}: investigating.`, impact: 'major', ...(components ? { components } : {}) });

describe('webhook subscriptions per component', () => {
  it('queue an incident only for the webhooks about its components (an incident naming none reaches all)', async () => {
    const posting = await call('POST', '/api/v1/subscriptions', { url: 'http://127.0.0.1:9/posting', components: ['posting'] });
    assert.equal(posting.status, 201);
    assert.deepEqual(posting.body.components, ['posting']);
    const all = (await call('POST', '/api/v1/subscriptions', { url: 'http://127.0.0.1:9/all' })).body;
    assert.equal((await call('POST', '/api/v1/subscriptions', { url: 'http://127.0.0.1:9/x', components: ['kitchen'] })).status, 422);
    await openIncident('Search slow', ['search']);
    await openIncident('Posting broken', ['posting', 'timelines']);
    await openIncident('Everything down');
    const log = (await call('GET', '/api/v1/subscriptions/deliveries')).body as { subscription_id: string }[];
    assert.equal(log.filter((d) => d.subscription_id === all.id).length, 3);
    assert.equal(log.filter((d) => d.subscription_id === posting.body.id).length, 2, 'not the search incident');
    for (const sub of [posting.body.id, all.id]) await call('DELETE', `/api/v1/subscriptions/${sub}`);
  });
});

describe('email subscriptions', () => {
  it('confirm by link, then email incidents about the chosen components in Arabic, with a working unsubscribe', async () => {
    assert.equal((await call('POST', '/api/v1/subscribers', { email: 'Ali@Example.org', lang: 'ar', components: ['posting'] }, null)).status, 202);
    const confirmation = await inbox.next('ali@example.org');
    assert.match(confirmation.subject ?? '', /أكّد اشتراكك في حالة سرب/);
    assert.match(confirmation.text ?? '', /النشر/);
    // Nothing is sent before the address's owner confirms.
    await openIncident('Before confirming', ['posting']);
    const confirmed = await fetch(linkIn(confirmation, `${svc.url}/subscribers/confirm?token=`));
    assert.equal(confirmed.status, 200);
    assert.match(await confirmed.text(), /تم تأكيد اشتراكك/);

    await openIncident('Search down', ['search']);
    await openIncident('Posting down', ['posting']);
    const mail = await inbox.next('ali@example.org');
    assert.equal(mail.subject, '[حالة سرب] Posting down (ar): قيد التحقيق', 'the first email is the posting incident after confirming, in Arabic');
    assert.match(mail.text ?? '', /Posting down: investigating\./);
    assert.match(mail.html || '', /dir="rtl"/);
    assert.match(String(mail.headers.get('list-unsubscribe') ?? JSON.stringify(mail.headers.get('list'))), /subscribers\/unsubscribe\?token=/);

    // A subscriber for everything, to know when later mails have gone out.
    await call('POST', '/api/v1/subscribers', { email: 'bob@example.org' }, null);
    await fetch(linkIn(await inbox.next('bob@example.org'), `${svc.url}/subscribers/confirm?token=`));
    const admin = (await call('GET', '/api/v1/subscribers')).body as { email: string; confirmed_at: string | null }[];
    assert.deepEqual(admin.map((s) => [s.email, s.confirmed_at !== null]), [['ali@example.org', true], ['bob@example.org', true]]);
    assert.equal((await call('GET', '/api/v1/subscribers', undefined, null)).status, 401);

    const unsubscribe = linkIn(mail, `${svc.url}/subscribers/unsubscribe?token=`);
    const ask = await fetch(unsubscribe);
    assert.match(await ask.text(), /id="unsubscribe"/, 'a GET (a mail scanner) only asks');
    const done = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    assert.equal(done.status, 200);
    assert.match(await done.text(), /ألغينا اشتراكك/);
    await openIncident('After unsubscribing', ['posting']);
    assert.equal((await inbox.next('bob@example.org')).subject, '[Sirb Status] After unsubscribing: Investigating');
    assert.ok(!inbox.messages.some((m) => /After unsubscribing/.test(m.subject ?? '') && m.to && JSON.stringify(m.to).includes('ali@')), 'no mail after unsubscribing');
    assert.equal((await fetch(unsubscribe, { method: 'POST' })).status, 404, 'the link is spent');
  });

  it('offers a form on the page, refuses bad addresses clearly, and is off without SMTP', async () => {
    const page = await (await fetch(`${svc.url}/?lang=en`)).text();
    assert.match(page, /<form method="post" action="\/subscribe\?lang=en" class="subscribe">/);
    const form = await fetch(`${svc.url}/subscribe?lang=en`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=carol%40example.org' });
    assert.equal(form.status, 200);
    assert.match(await form.text(), /we sent it a confirmation link/);
    assert.match((await inbox.next('carol@example.org')).subject ?? '', /Confirm your subscription to Sirb Status/);
    const crossSite = await fetch(`${svc.url}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: 'email=dan%40example.org' });
    assert.equal(crossSite.status, 403);
    for (const email of ['nope', 'a@b', 'x@y.z', `${'a'.repeat(250)}@example.org`]) {
      const res = await call('POST', '/api/v1/subscribers', { email }, null);
      assert.equal(res.status, 422, email);
      assert.ok(typeof res.body.error === 'string', email);
    }
    const plain = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', logLevel: 'silent', background: false, smtpUrl: undefined });
    try {
      const off = await getJson(`${plain.url}/api/v1/subscribers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'eve@example.org' }) });
      assert.deepEqual([off.status, off.body.error], [503, 'Email subscriptions are not set up on this status page']);
      assert.doesNotMatch(await (await fetch(`${plain.url}/`)).text(), /id="subscribe"/);
    } finally {
      await plain.stop();
    }
  });
});
