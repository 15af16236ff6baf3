// Email where SMTP_URL is set, against a real SMTP server started here: sign-up confirmation,
// password reset and moderation warnings, each in the account's language, each link followed
// as a person would. And without SMTP_URL: accounts confirmed at once, pages that say email is off.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, type TestApp } from '../helpers/client.js';
import { signInWithPassword } from '../helpers/staff.js';
import { linkIn, startSmtpServer, type Inbox } from '../helpers/smtp.js';
import { sendModerationWarning } from '../../src/mail/index.js';

const UNCONFIRMED = 'Your login is missing a confirmed e-mail address';

const signUp = (api: Api, app: TestApp, username: string, locale: string, extra: Record<string, unknown> = {}) =>
  api.as(app.appToken).post('/api/v1/accounts', { username, email: `${username}@example.test`, password: 'correct horse battery', agreement: true, locale, ...extra });

async function page(url: string, init?: RequestInit): Promise<{ status: number; html: string; csp: string | null }> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  return { status: res.status, html: await res.text(), csp: res.headers.get('content-security-policy') };
}

const form = (fields: Record<string, string>): RequestInit => ({ method: 'POST', body: new URLSearchParams(fields) });

describe('email on (SMTP_URL set)', () => {
  let inbox: Inbox;
  let server: TestServer;
  let api: Api;
  let app: TestApp;
  before(async () => {
    inbox = await startSmtpServer();
    server = await startTestServer({ smtpUrl: inbox.url, mailFrom: 'Sirb <noreply@sirb.test>' });
    api = new Api(server.url);
    app = await createApp(api);
  });
  after(async () => {
    await server?.close();
    await inbox?.close();
  });

  test('sign-up: the account waits for its confirmation, the English mail\'s link confirms it once', async () => {
    const res = await signUp(api, app, 'mail_en', 'en');
    assert.equal(res.status, 200);
    const me = await api.as(res.body.access_token).get('/api/v1/accounts/verify_credentials');
    assert.equal(me.status, 403);
    assert.deepEqual(me.body, { error: UNCONFIRMED });
    const grant = await signInWithPassword(api, app, 'mail_en@example.test', 'correct horse battery', 'read');
    assert.equal(grant.status, 403);
    assert.equal(grant.body.error, UNCONFIRMED);

    const mail = await inbox.next('mail_en@example.test');
    assert.equal(mail.subject, 'Confirm your email address on Sirb');
    assert.equal(mail.from?.value[0].address, 'noreply@sirb.test');
    assert.match(mail.text ?? '', /@mail_en/);
    const link = linkIn(mail, `${server.url}/auth/confirmation?`);
    const confirmed = await page(link);
    assert.equal(confirmed.status, 200);
    assert.match(confirmed.html, /is confirmed/);
    assert.match(confirmed.csp ?? '', /default-src 'none'/);
    assert.equal((await api.as(res.body.access_token).get('/api/v1/accounts/verify_credentials')).status, 200);
    assert.equal((await page(link)).status, 404, 'a link works once');
  });

  test('an unconfirmed token may ask for the mail again (POST /api/v1/emails/confirmations), and nothing else', async () => {
    const res = await signUp(api, app, 'lost_mail', 'en');
    const firstLink = linkIn(await inbox.next('lost_mail@example.test'), `${server.url}/auth/confirmation?`);
    const resend = await api.as(res.body.access_token).post('/api/v1/emails/confirmations');
    assert.equal(resend.status, 200, JSON.stringify(resend.body));
    assert.deepEqual(resend.body, {});
    const secondLink = linkIn(await inbox.next('lost_mail@example.test'), `${server.url}/auth/confirmation?`);
    assert.equal((await api.as(res.body.access_token).post('/api/v1/emails/confirmations', { email: 'other@example.test' })).status, 422);
    assert.equal((await page(firstLink)).status, 404, 'the earlier link no longer works');
    assert.equal((await page(secondLink)).status, 200);
    const again = await api.as(res.body.access_token).post('/api/v1/emails/confirmations');
    assert.equal(again.status, 403, 'confirmed already');
    assert.equal((await api.post('/api/v1/emails/confirmations')).status, 401);
    assert.equal((await api.as(app.appToken).post('/api/v1/emails/confirmations')).status, 403);
  });

  test('an Arabic account gets its mail in Arabic, right to left', async () => {
    await signUp(api, app, 'mail_ar', 'ar');
    const mail = await inbox.next('mail_ar@example.test');
    assert.equal(mail.subject, 'أكّد بريدك الإلكتروني في سرب');
    assert.match(String(mail.html), /dir="rtl"/);
    const confirmed = await page(linkIn(mail, `${server.url}/auth/confirmation?`));
    assert.equal(confirmed.status, 200);
    assert.match(confirmed.html, /dir="rtl"/);
    assert.match(confirmed.html, /تأكّد بريدك/);
  });

  test('confirmation links that are wrong in any way are 404 pages, never 500', async () => {
    for (const query of ['', '?confirmation_token=', '?confirmation_token=nope', `?confirmation_token=${'a'.repeat(43)}`, `?confirmation_token=${'x'.repeat(300)}`]) {
      const res = await page(`${server.url}/auth/confirmation${query}`);
      assert.ok([404, 400].includes(res.status), `${query}: ${res.status}`);
    }
  });

  test('password reset: the same answer for known and unknown addresses; the link sets a new password and signs out everywhere', async () => {
    const res = await signUp(api, app, 'forgetful', 'en');
    await page(linkIn(await inbox.next('forgetful@example.test'), `${server.url}/auth/confirmation?`));
    const oldToken = res.body.access_token;
    assert.equal((await api.as(oldToken).get('/api/v1/accounts/verify_credentials')).status, 200);

    const known = await page(`${server.url}/auth/password`, form({ login: 'forgetful@example.test', lang: 'en' }));
    const unknown = await page(`${server.url}/auth/password`, form({ login: 'nobody@example.test', lang: 'en' }));
    assert.equal(known.status, 200);
    assert.equal(known.html, unknown.html);
    assert.match(known.html, /If this address has an account/);

    const mail = await inbox.next('forgetful@example.test');
    assert.equal(mail.subject, 'Reset your Sirb password');
    const link = linkIn(mail, `${server.url}/auth/password/edit?`);
    const edit = await page(link);
    assert.equal(edit.status, 200);
    const token = /name="reset_password_token" value="([^"]+)"/.exec(edit.html)![1];

    const submit = (fields: Record<string, string>) => page(`${server.url}/auth/password/edit`, form({ reset_password_token: token, lang: 'en', ...fields }));
    assert.equal((await submit({ password: 'short', password_confirmation: 'short' })).status, 422);
    assert.equal((await submit({ password: 'x'.repeat(73), password_confirmation: 'x'.repeat(73) })).status, 422);
    assert.equal((await submit({ password: 'a brand new password', password_confirmation: 'another one entirely' })).status, 422);
    assert.equal((await submit({})).status, 422);
    const done = await submit({ password: 'a brand new password', password_confirmation: 'a brand new password' });
    assert.equal(done.status, 200);
    assert.match(done.html, /signed out everywhere/);

    assert.equal((await api.as(oldToken).get('/api/v1/accounts/verify_credentials')).status, 401, 'every token revoked');
    assert.equal((await signInWithPassword(api, app, 'forgetful@example.test', 'correct horse battery', 'read')).status, 400);
    assert.equal((await signInWithPassword(api, app, 'forgetful@example.test', 'a brand new password', 'read')).status, 200);
    assert.equal((await submit({ password: 'yet another password', password_confirmation: 'yet another password' })).status, 404, 'the link works once');
    assert.equal((await page(link)).status, 404);
    // Nothing was mailed to the unknown address.
    assert.equal(inbox.messages.filter((m) => m.text?.includes('nobody')).length, 0);
  });

  test('the reset request page and bad requests', async () => {
    const ask = await page(`${server.url}/auth/password/new?lang=ar`);
    assert.equal(ask.status, 200);
    assert.match(ask.html, /<form method="post" action="\/auth\/password">/);
    assert.match(ask.html, /dir="rtl"/);
    assert.equal((await page(`${server.url}/auth/password`, form({}))).status, 200, 'an empty form gets the same answer');
    assert.equal((await page(`${server.url}/auth/password`, form({ login: 'x'.repeat(400) }))).status, 422);
    assert.equal((await page(`${server.url}/auth/password/edit?reset_password_token=nope`)).status, 404);
    assert.equal((await page(`${server.url}/auth/password/edit`, form({ password: 'whatever password' }))).status, 422);
  });

  test('sendModerationWarning mails the warning in the account\'s language', async () => {
    await signUp(api, app, 'warned', 'ar');
    await inbox.next('warned@example.test');
    const row = await server.ctx.db.kysely.selectFrom('accounts').select('id').where('username', '=', 'warned').executeTakeFirstOrThrow();
    assert.equal(await sendModerationWarning(server.ctx, row.id, 'توقّف عن الإزعاج <b>now</b>'), true);
    const mail = await inbox.next('warned@example.test');
    assert.equal(mail.subject, 'تحذير من مشرفي سرب');
    assert.match(mail.text ?? '', /توقّف عن الإزعاج <b>now<\/b>/);
    assert.match(String(mail.html), /&lt;b&gt;now/);
    assert.equal(await sendModerationWarning(server.ctx, 123456789, 'nobody'), false);
  });
});

describe('approval with email', () => {
  let inbox: Inbox;
  let server: TestServer;
  before(async () => {
    inbox = await startSmtpServer();
    server = await startTestServer({ smtpUrl: inbox.url, registrations: 'approval' });
  });
  after(async () => {
    await server?.close();
    await inbox?.close();
  });

  test('confirming says a moderator still has to approve; the token still waits', async () => {
    const api = new Api(server.url);
    const app = await createApp(api);
    const res = await signUp(api, app, 'patient', 'en', { reason: 'I write poems' });
    const confirmed = await page(linkIn(await inbox.next('patient@example.test'), `${server.url}/auth/confirmation?`));
    assert.match(confirmed.html, /moderators will review/);
    const me = await api.as(res.body.access_token).get('/api/v1/accounts/verify_credentials');
    assert.deepEqual(me.body, { error: 'Your login is currently pending approval' });
  });
});

describe('email off (no SMTP_URL)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ smtpUrl: undefined });
  });
  after(() => server?.close());

  test('accounts are confirmed at once; the reset pages say clearly that email is off', async () => {
    const api = new Api(server.url);
    const app = await createApp(api);
    const res = await signUp(api, app, 'no_mail', 'en');
    assert.equal((await api.as(res.body.access_token).get('/api/v1/accounts/verify_credentials')).status, 200);
    const ask = await page(`${server.url}/auth/password/new?lang=en`);
    assert.equal(ask.status, 200);
    assert.match(ask.html, /Email is turned off on this server/);
    assert.doesNotMatch(ask.html, /<form/);
    const ar = await page(`${server.url}/auth/password/new?lang=ar`);
    assert.match(ar.html, /البريد الإلكتروني غير مفعّل/);
    const post = await page(`${server.url}/auth/password`, form({ login: 'no_mail@example.test', lang: 'en' }));
    assert.equal(post.status, 200);
    assert.match(post.html, /Email is turned off/);
    const row = await server.ctx.db.kysely.selectFrom('accounts').select('id').where('username', '=', 'no_mail').executeTakeFirstOrThrow();
    assert.equal(await sendModerationWarning(server.ctx, row.id, 'hello'), false);
  });
});
