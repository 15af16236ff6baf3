// Issue 11, the moderation web UI in a real browser against a real server: a moderator signs in
// again for the admin scopes, opens the report queue, reads a reported post in its thread and
// resolves the report; suspends an account through a confirmation and finds it in the audit log;
// suspends accounts listed in an uploaded file and watches the progress reach 100%; an admin edits
// the server rules. Every moderation page is photographed in Arabic and English
// (test-artifacts/web/moderation-<page>-<lang>.png).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { Api, createApp, createPost, createUser, type TestUser } from '../helpers/client.js';
import { artifacts, closeWebRig, signedInContext, startWebRig, type WebRig } from './harness.js';

let rig: WebRig;
let api: Api;
let moderator: TestUser;
let admin: TestUser & { adminToken: string };
let reporter: TestUser;
let offender: TestUser;
let bystander: TestUser;
let crowd: TestUser[];
let rule: { id: string; text: string };
let reportId: string;
let moderatorPage: Page;
let moderatorContext: BrowserContext;
const suffix = Date.now().toString(36).slice(-5);

async function setRole(user: TestUser, role: string): Promise<void> {
  await rig.sirb.server!.ctx.db.kysely.updateTable('accounts').set({ role }).where('id', '=', Number(user.id)).execute();
}

/** A token with the admin scopes, as the moderation sign-in would give (password grant). */
async function adminToken(user: TestUser): Promise<string> {
  const scopes = 'read write follow push admin:read admin:write';
  const app = await createApp(api, scopes);
  const res = await api.post('/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: user.email, password: user.password, scope: scopes });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.access_token;
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.waitForFunction(() => [...document.images].every((i) => i.complete) && document.fonts.status === 'loaded', null, { timeout: 3000, polling: 100 }).catch(() => {});
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function fileReport(by: TestUser, target: TestUser, statusIds: string[], comment: string): Promise<string> {
  const res = await by.api.post('/api/v1/reports', { account_id: target.id, status_ids: statusIds, comment, category: 'violation', rule_ids: [rule.id] });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.id;
}

before(async () => {
  rig = await startWebRig();
  api = new Api(rig.sirb.url);
  moderator = await createUser(api, `mod_${suffix}`);
  await setRole(moderator, 'moderator');
  const adminUser = await createUser(api, `admin_${suffix}`);
  await setRole(adminUser, 'admin');
  admin = { ...adminUser, adminToken: await adminToken(adminUser) };
  reporter = await createUser(api, `reporter_${suffix}`);
  offender = await createUser(api, `offender_${suffix}`);
  bystander = await createUser(api, `bystander_${suffix}`);
  await reporter.api.patch('/api/v1/accounts/update_credentials', { display_name: 'سلمى' });
  crowd = [];
  for (let i = 0; i < 5; i++) crowd.push(await createUser(api, `crowd${i}_${suffix}`));

  const adminApi = api.as(admin.adminToken);
  const made = await adminApi.post('/api/v1/admin/rules', { text: 'لا إساءة ولا تحرش', hint: 'No abuse or harassment' });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  rule = made.body;

  // A thread: the reporter asks, the offender answers abusively, someone else replies after.
  const question = await createPost(reporter, 'من يعرف مكتبة جيدة في الرياض؟ Any good bookshop?');
  const abuse = await createPost(offender, `أنت غبي ولا تستحق جوابًا abusive reply ${suffix}`, { in_reply_to_id: question.id });
  await createPost(bystander, 'هذا الرد غير مقبول', { in_reply_to_id: abuse.id });
  reportId = await fileReport(reporter, offender, [abuse.id], 'يهينني في الردود، he insults me');
});

after(async () => {
  await moderatorContext?.close();
  await closeWebRig(rig);
});

test('someone who is not staff is told the moderation pages are not for them, and has no Moderation link', async () => {
  const context = await signedInContext(rig.browser, reporter, 'en');
  const page = await context.newPage();
  await page.goto(`${rig.front.origin}/admin/reports`);
  await page.locator('.admin-gate', { hasText: 'Only moderators and administrators' }).waitFor();
  assert.equal(await page.locator('nav.main-nav a[href="/admin"]').count(), 0);
  assert.equal(await page.locator('article.report').count(), 0);
  await context.close();
});

test('a moderator signs in, then again for the admin scopes, and lands on the report queue', async () => {
  moderatorContext = await rig.browser.newContext({ locale: 'ar', viewport: { width: 1100, height: 900 } });
  moderatorPage = await moderatorContext.newPage();
  const page = moderatorPage;
  const signIn = async () => {
    await page.waitForURL(/\/oauth\/authorize\?/);
    await page.fill('#login', moderator.username);
    await page.fill('#password', moderator.password);
    await page.click('button[type=submit]');
  };
  // The ordinary sign-in everyone gets: no admin scope asked.
  await page.goto(`${rig.front.origin}/`);
  await page.click('button.sign-in');
  await page.waitForURL(/\/oauth\/authorize\?/);
  assert.equal(new URL(page.url()).searchParams.get('scope'), 'read write follow push');
  await signIn();
  await page.waitForSelector('form.composer');
  const ordinary = await page.evaluate(() => JSON.parse(localStorage.getItem('sirb.session') ?? 'null')?.token);

  // Staff find the Moderation link; the pages ask for a second sign-in with the admin scopes.
  await page.locator('nav.main-nav a[href="/admin"]', { hasText: 'الإشراف' }).click();
  await page.locator('button.admin-sign-in').click();
  await page.waitForURL(/\/oauth\/authorize\?/);
  const scope = new URL(page.url()).searchParams.get('scope') ?? '';
  assert.equal(scope, 'read write follow push admin:read admin:write');
  await signIn();
  await page.waitForURL(/\/admin\/reports$/);
  await page.locator(`article.report[data-report-id="${reportId}"]`).waitFor();
  // The new token carries the admin scopes; the ordinary one was revoked, not left lying around.
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('sirb.session') ?? 'null')?.token);
  assert.notEqual(token, ordinary);
  const info = await api.as(token).get('/oauth/token/info');
  assert.ok(info.body.scope.includes('admin:write'), JSON.stringify(info.body));
  assert.equal((await api.as(ordinary).get('/api/v1/accounts/verify_credentials')).status, 401);
  moderator = { ...moderator, token, api: api.as(token) };
  // A moderator's role has no manage_rules: no Rules section.
  assert.equal(await page.locator('.admin-tabs a[href="/admin/rules"]').count(), 0);
});

test('the report shows reporter, target, category, rule, comment and the reported post in its thread; the moderator takes and resolves it', async () => {
  const page = moderatorPage;
  const card = page.locator(`article.report[data-report-id="${reportId}"]`);
  assert.match((await card.locator('.report-target').textContent()) ?? '', new RegExp(`@${offender.username}`));
  assert.match((await card.locator('.report-reporter').textContent()) ?? '', /سلمى/);
  assert.equal(await card.locator('.report-category').textContent(), 'يخالف قواعد الخادم');
  assert.match((await card.locator('.report-rules').textContent()) ?? '', /لا إساءة ولا تحرش/);
  assert.match((await card.locator('.report-comment').textContent()) ?? '', /يهينني في الردود/);
  // In context: the question above, the reported reply marked, the answer below, in that order.
  const thread = card.locator('.post-in-context').first();
  await thread.locator('.admin-post', { hasText: 'هذا الرد غير مقبول' }).waitFor();
  const posts = await thread.locator('.admin-post').evaluateAll((els) => els.map((e) => ({ text: e.textContent ?? '', reported: e.classList.contains('reported') })));
  assert.equal(posts.length, 3);
  assert.match(posts[0].text, /مكتبة جيدة/);
  assert.ok(posts[1].reported && posts[1].text.includes(`abusive reply ${suffix}`));
  assert.match(posts[2].text, /هذا الرد غير مقبول/);
  // Right-to-left: the label column of the facts is on the right.
  const [dt, dd] = await Promise.all([card.locator('.admin-facts dt').first().boundingBox(), card.locator('.admin-facts dd').first().boundingBox()]);
  assert.ok(dt!.x > dd!.x, 'labels sit on the right in Arabic');

  await card.locator('button.assign').click();
  await card.locator('.report-assigned', { hasText: moderator.username }).waitFor();
  await card.locator('button.resolve').click();
  await card.waitFor({ state: 'detached' });
  const after = await moderator.api.get(`/api/v1/admin/reports/${reportId}`);
  assert.equal(after.body.action_taken, true);
  assert.equal(after.body.assigned_account.id, moderator.id);

  await page.locator('.admin-filter a[href="/admin/reports?resolved=true"]').click();
  await page.locator(`article.report[data-report-id="${reportId}"] button.reopen`).waitFor();
});

test('suspending an account asks for confirmation first; the action lands in its history and in the audit log', async () => {
  const page = moderatorPage;
  await page.locator(`article.report[data-report-id="${reportId}"] a.button[href^="/admin/accounts/${offender.id}?report="]`).click();
  await page.locator('.account-email', { hasText: offender.email }).waitFor();
  await page.check('input[name=action][value=suspend]');
  await page.fill('textarea[name=text]', 'الإساءة المتكررة للأعضاء repeated abuse');
  await page.click('form.action-form button[type=submit]');
  const dialog = page.locator('dialog.confirm-account-action');
  await dialog.waitFor({ state: 'visible' });
  assert.match((await dialog.locator('h2').textContent()) ?? '', new RegExp(`أوقف: @${offender.username}`));
  // Cancel first: nothing happens.
  await dialog.locator('button.secondary').click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal((await moderator.api.get(`/api/v1/admin/accounts/${offender.id}`)).body.suspended, false);

  await page.click('form.action-form button[type=submit]');
  await dialog.locator('button.confirm').click();
  await page.locator('.admin-account .state-suspended').waitFor();
  assert.equal((await moderator.api.get(`/api/v1/admin/accounts/${offender.id}`)).body.suspended, true);
  await page.locator('.account-history .audit-entry[data-action="suspend"]').waitFor();
  await page.locator('button.undo-unsuspend').waitFor();

  await page.locator('.admin-tabs a[href="/admin/audit"]').click();
  const entry = page.locator(`.audit-entry[data-action="suspend"][data-target="Account:${offender.id}"]`);
  await entry.waitFor();
  assert.match((await entry.textContent()) ?? '', new RegExp(moderator.username));
  assert.match((await entry.locator('.audit-reason').textContent()) ?? '', /repeated abuse/);
});

test('bulk suspension from an uploaded file of usernames and ids, with progress to 100%', async () => {
  const page = moderatorPage;
  await page.locator('.admin-tabs a[href="/admin/accounts"]').click();
  await page.locator('.admin-account-row', { hasText: crowd[0].username }).waitFor();
  // Usernames (with and without @), an id, blank lines and a duplicate, as a real list would be.
  const lines = [`@${crowd[0].username}`, crowd[1].username, '', crowd[2].id, `${crowd[3].username}\r`, crowd[4].username, crowd[4].username];
  await page.setInputFiles('input[name=accounts-file]', { name: 'accounts.txt', mimeType: 'text/plain', buffer: Buffer.from(lines.join('\n')) });
  await page.locator('.bulk-count', { hasText: '5' }).waitFor();
  await page.fill('input[name=bulk-reason]', 'شبكة حسابات منسقة');
  await page.click('button.bulk-from-file');
  await page.locator('dialog.confirm-bulk button.confirm').click();
  await page.locator('.bulk-progress[data-state="finished"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('#bulk-progress-bar').evaluate((el) => (el as HTMLProgressElement).value), 100);
  assert.match((await page.locator('.bulk-percent').textContent()) ?? '', /100/);
  for (const user of crowd) {
    const res = await moderator.api.get(`/api/v1/admin/accounts/${user.id}`);
    assert.equal(res.body.suspended, true, user.username);
  }
  assert.equal((await moderator.api.get(`/api/v1/admin/accounts/${bystander.id}`)).body.suspended, false);
});

test('an admin edits a server rule and adds one; the public rules list follows', async () => {
  const context = await signedInContext(rig.browser, { ...admin, token: admin.adminToken }, 'en');
  const page = await context.newPage();
  await page.goto(`${rig.front.origin}/admin/rules`);
  const item = page.locator(`li.rule[data-rule-id="${rule.id}"]`);
  await item.locator('button.edit-rule').click();
  await item.locator('textarea[name=text]').fill('لا إساءة ولا تحرش ولا تهديد');
  await item.locator('button[type=submit]').click();
  await item.locator('.rule-text', { hasText: 'ولا تهديد' }).waitFor();
  const form = page.locator('.new-rule');
  await form.locator('textarea[name=text]').fill('No spam');
  await form.locator('textarea[name=hint]').fill('Including repeated unsolicited mentions');
  await form.locator('button[type=submit]').click();
  await page.locator('li.rule .rule-text', { hasText: 'No spam' }).waitFor();
  const rules = await api.get('/api/v1/instance/rules');
  assert.deepEqual(rules.body.map((r: { text: string }) => r.text), ['لا إساءة ولا تحرش ولا تهديد', 'No spam']);
  await context.close();
});

test('screenshots of each moderation page in Arabic and English', async () => {
  // Something open in the queue to show.
  const fresh = await createPost(bystander, `منشور مزعج spam ${suffix}`);
  const openReport = await fileReport(reporter, bystander, [fresh.id], 'رسائل مزعجة متكررة');
  for (const lang of ['ar', 'en'] as const) {
    const context = await signedInContext(rig.browser, { ...admin, token: admin.adminToken }, lang);
    await context.addInitScript((l) => localStorage.setItem('sirb.lang', l), lang);
    const page = await context.newPage();
    for (const [name, route, ready] of [
      ['reports', '/admin/reports', `article.report[data-report-id="${openReport}"] .post-in-context .admin-post.reported`],
      // (Its author is suspended by now: the server may no longer hand out the reported post.)
      ['report', `/admin/reports/${reportId}`, 'article.report .report-posts'],
      ['accounts', '/admin/accounts', '.admin-account-row'],
      ['account', `/admin/accounts/${offender.id}`, '.account-history .audit-entry'],
      ['audit', '/admin/audit', '.audit-entry'],
      ['rules', '/admin/rules', 'li.rule'],
    ] as const) {
      await page.goto(`${rig.front.origin}${route}`);
      await page.locator(ready).first().waitFor();
      assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
      await shot(page, `moderation-${name}-${lang}`);
    }
    await context.close();
  }
});
