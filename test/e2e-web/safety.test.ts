// Issue 11, the web app's trust-and-safety screens in a real browser against a real server:
// blocking from a profile (their posts leave home), muting for an hour from a post's menu,
// reporting a post under one of the server's rules, a warn keyword filter folding a post, a
// follow request approved, and the conversation mute — in Arabic and English, right-to-left
// where it should be. Screenshots: test-artifacts/web/safety-<page>-<lang>.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Api, createApp, createPost, createUser, type TestUser } from '../helpers/client.js';
import { Sirb, artifacts, signedInContext, closeWebRig, startWebRig, type WebRig } from './harness.js';

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let api: Api;
/** The person protecting themselves; reads in English in `en` and in Arabic in `ar`. */
let reader: TestUser;
let troll: TestUser;
let noisy: TestUser;
let spammer: TestUser;
let writer: TestUser;
let owner: Api;
let ruleId: string;
let filterId: string;
const pages: Partial<Record<'en' | 'ar', { context: BrowserContext; page: Page }>> = {};

async function shot(page: Page, name: string, lang: string): Promise<void> {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.waitForFunction(() => [...document.images].every((i) => i.complete) && document.fonts.status === 'loaded', null, { timeout: 3000, polling: 100 }).catch(() => {});
  await page.screenshot({ path: path.join(artifacts, `safety-${name}-${lang}.png`) });
}

/** A token with the admin scopes for a user made owner in the database (as the owner command would). */
async function ownerApi(user: TestUser): Promise<Api> {
  await sirb.server!.ctx.db.kysely.updateTable('accounts').set({ role: 'owner' }).where('id', '=', Number(user.id)).execute();
  const scopes = 'read write admin:read admin:write';
  const app = await createApp(api, scopes);
  const res = await api.as(undefined).post('/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: user.email, password: user.password, scope: scopes });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return api.as(res.body.access_token);
}

async function open(lang: 'en' | 'ar'): Promise<Page> {
  if (!pages[lang]) {
    const context = await signedInContext(browser, reader, lang);
    pages[lang] = { context, page: await context.newPage() };
  }
  return pages[lang]!.page;
}

function card(page: Page, text: string): Locator {
  return page.locator('article.status', { hasText: text }).first();
}

async function home(page: Page): Promise<void> {
  await page.goto(`${front.origin}/`);
  await page.locator('article.status').first().waitFor();
}

before(async () => {
  ({ sirb, front, browser } = await startWebRig());
  api = new Api(sirb.url);
  reader = await createUser(api);
  troll = await createUser(api);
  noisy = await createUser(api);
  spammer = await createUser(api);
  writer = await createUser(api);
  await troll.api.patch('/api/v1/accounts/update_credentials', { display_name: 'Troll Account' });
  await noisy.api.patch('/api/v1/accounts/update_credentials', { display_name: 'كثير الكلام' });
  for (const other of [troll, noisy, spammer, writer]) assert.equal((await reader.api.post(`/api/v1/accounts/${other.id}/follow`)).status, 200);
  await createPost(troll, 'A troll post that should leave home منشور مزعج');
  await createPost(noisy, 'ثرثرة كثيرة لا تنتهي chatter');
  await createPost(spammer, 'Buy cheap followers now! اشترِ متابعين');
  await createPost(writer, 'حرق: القاتل في المسلسل هو الخادم');
  await createPost(writer, 'A plain post from the writer منشور عادي');
  owner = await ownerApi(await createUser(api));
  const rule = await owner.post('/api/v1/admin/rules', { text: 'No spam or advertising — لا إعلانات ولا رسائل مزعجة' });
  assert.equal(rule.status, 200, JSON.stringify(rule.body));
  ruleId = rule.body.id;
});

after(() => closeWebRig({ sirb, front, browser }));

test('block from a profile (asked first): the profile says so, their posts leave home, and Settings lists them (English)', async () => {
  const page = await open('en');
  await home(page);
  await card(page, 'A troll post').waitFor();
  await page.goto(`${front.origin}/@${troll.username}`);
  await page.locator('.profile').waitFor();
  await page.click('.profile-menu .menu-toggle');
  const menu = page.locator('.profile-menu [role=menu]');
  await menu.locator('[data-action=block]').waitFor();
  assert.equal(await menu.locator('[role=menuitem]').first().evaluate((el) => el === document.activeElement), true, 'the first item has the focus');
  await shot(page, 'profile-menu', 'en');
  await menu.locator('[data-action=block]').click();
  const dialog = page.locator('dialog.block-dialog');
  await dialog.waitFor();
  assert.match((await dialog.locator('h2').textContent()) ?? '', /Block Troll Account\?/);
  await shot(page, 'block-dialog', 'en');
  await dialog.locator('button.confirm-block').click();
  await page.locator('.safety-note', { hasText: 'You blocked this account' }).waitFor();
  await page.locator('.safety-toast', { hasText: 'You blocked' }).waitFor();
  assert.equal(await page.locator('button.follow').count(), 0);

  const rel = await reader.api.get(`/api/v1/accounts/relationships?id[]=${troll.id}`);
  assert.equal(rel.body[0].blocking, true);
  assert.equal(rel.body[0].following, false, 'a block removes the follow');

  await home(page);
  await card(page, 'A plain post from the writer').waitFor();
  assert.equal(await card(page, 'A troll post').count(), 0, 'the blocked account’s post left home');

  await page.click('nav a[href="/settings"]');
  await page.click('.settings-nav a[href="/settings/blocks"]');
  const row = page.locator('.blocks .account-row', { hasText: troll.username });
  await row.waitFor();
  await shot(page, 'blocks', 'en');
  await row.locator('button.unblock').click();
  await row.waitFor({ state: 'detached' });
  assert.equal((await reader.api.get('/api/v1/blocks')).body.length, 0);
  // Blocked again for the rest of the suite, through the API this time.
  await reader.api.post(`/api/v1/accounts/${troll.id}/block`);
});

test('mute for 1 hour from a post’s menu, notifications too: the post leaves home at once (Arabic, RTL)', async () => {
  const page = await open('ar');
  await home(page);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  const post = card(page, 'ثرثرة كثيرة');
  await post.locator('.post-menu .menu-toggle').click();
  const menu = post.locator('[role=menu]');
  await menu.locator('[data-action=mute]').waitFor();
  // The menu hangs from the button's end edge, mirrored in Arabic: its left edge is the button's.
  const [toggleBox, menuBox] = [await post.locator('.post-menu .menu-toggle').boundingBox(), await menu.boundingBox()];
  assert.ok(Math.abs(toggleBox!.x - menuBox!.x) < 2, `menu at x=${menuBox!.x}, button at x=${toggleBox!.x}`);
  await shot(page, 'post-menu', 'ar');
  await menu.locator('[data-action=mute]').click();
  const dialog = page.locator('dialog.mute-dialog');
  await dialog.waitFor();
  assert.ok(await dialog.locator('input[name=mute-notifications]').isChecked());
  await dialog.locator('select[name=mute-duration]').selectOption('3600');
  await shot(page, 'mute-dialog', 'ar');
  const started = Date.now();
  await dialog.locator('button.confirm-mute').click();
  await post.waitFor({ state: 'detached' });

  const rel = (await reader.api.get(`/api/v1/accounts/relationships?id[]=${noisy.id}`)).body[0];
  assert.equal(rel.muting, true);
  assert.equal(rel.muting_notifications, true);
  const mutes = await reader.api.get('/api/v1/mutes');
  const muted = mutes.body.find((a: any) => a.id === noisy.id);
  assert.ok(muted, 'listed in GET /api/v1/mutes');
  const ends = Date.parse(muted.mute_expires_at);
  assert.ok(Math.abs(ends - (started + 3600_000)) < 120_000, `mute ends in an hour (${muted.mute_expires_at})`);

  await home(page);
  assert.equal(await card(page, 'ثرثرة كثيرة').count(), 0);
  await page.goto(`${front.origin}/settings/mutes`);
  const row = page.locator('.mutes .account-row', { hasText: noisy.username });
  await row.waitFor();
  assert.match((await row.locator('.mute-until').textContent()) ?? '', /^حتى /);
  await shot(page, 'mutes', 'ar');
});

for (const lang of ['en', 'ar'] as const) {
  test(`report a post under one of the server’s rules, with a comment; then thanks (${lang})`, async () => {
    const page = await open(lang);
    await home(page);
    const post = card(page, 'Buy cheap followers');
    const statusId = await post.getAttribute('data-status-id');
    await post.locator('.post-menu .menu-toggle').click();
    await post.locator('[role=menu] [data-action=report]').click();
    const dialog = page.locator('dialog.report-dialog');
    await dialog.waitFor();
    await dialog.locator('input[name=category][value=violation]').check();
    const rule = dialog.locator(`input[name=rule][value="${ruleId}"]`);
    await rule.check();
    // The post reported from is attached already.
    assert.ok(await dialog.locator(`input[name=status][value="${statusId}"]`).isChecked());
    const comment = lang === 'ar' ? 'يرسل هذا الحساب إعلانات في كل مكان' : 'This account posts adverts everywhere';
    await dialog.locator('textarea[name=comment]').fill(comment);
    assert.equal(await dialog.locator('textarea[name=comment]').evaluate((el) => getComputedStyle(el).direction), lang === 'ar' ? 'rtl' : 'ltr');
    await shot(page, 'report', lang);
    await dialog.locator('button.send-report').click();
    await page.locator('dialog.report-sent').waitFor();
    await shot(page, 'report-sent', lang);
    await page.locator('dialog.report-sent button.primary').click();

    const reports = await owner.get(`/api/v1/admin/reports?target_account_id=${spammer.id}&resolved=false`);
    assert.equal(reports.status, 200, JSON.stringify(reports.body));
    const report = reports.body.find((r: any) => r.comment === comment);
    assert.ok(report, 'the moderators see the report');
    assert.equal(report.category, 'violation');
    assert.deepEqual(report.rules.map((r: any) => r.id), [ruleId]);
    assert.deepEqual(report.statuses.map((s: any) => s.id), [statusId]);
  });
}

test('a warn keyword filter made in Settings folds a matching post behind “Filtered: <title>” (Arabic, then English); as hide it is gone', async () => {
  const page = await open('ar');
  await page.goto(`${front.origin}/settings/filters`);
  await page.click('a.new-filter');
  const form = page.locator('form.filter-editor');
  await form.waitFor();
  await form.locator('input[name=title]').fill('حرق الأحداث');
  await form.locator('input[name=keyword]').first().fill('المسلسل');
  assert.ok(await form.locator('input[name=filter_action][value=warn]').isChecked());
  await shot(page, 'filter-editor', 'ar');
  await form.locator('button.save-filter').click();
  const item = page.locator('.filter-item', { hasText: 'حرق الأحداث' });
  await item.waitFor();
  await shot(page, 'filters', 'ar');

  const filters = await reader.api.get('/api/v2/filters');
  assert.equal(filters.body.length, 1);
  assert.equal(filters.body[0].filter_action, 'warn');
  assert.deepEqual(filters.body[0].keywords.map((k: any) => k.keyword), ['المسلسل']);

  for (const lang of ['ar', 'en'] as const) {
    const p = await open(lang);
    await home(p);
    const folded = card(p, 'القاتل في المسلسل');
    const warning = folded.locator('.filter-warning .spoiler-text');
    await warning.waitFor();
    assert.equal(await warning.textContent(), lang === 'ar' ? 'يطابق عامل التصفية: حرق الأحداث' : 'Filtered: حرق الأحداث');
    assert.equal(await folded.locator('.status-content').isVisible(), false, 'the text stays folded');
    await folded.scrollIntoViewIfNeeded();
    await shot(p, 'filtered', lang);
    await folded.locator('button.spoiler-toggle').click();
    assert.ok(await folded.locator('.status-content').isVisible());
  }

  // Edited to hide: the post does not show at all.
  await reader.api.request('PUT', `/api/v2/filters/${filters.body[0].id}`, { filter_action: 'hide' });
  await home(page);
  await card(page, 'A plain post from the writer').waitFor();
  assert.equal(await page.locator('article.status', { hasText: 'القاتل' }).count(), 0);
  await reader.api.delete(`/api/v2/filters/${filters.body[0].id}`);
});

test('a locked account gets a follow request, sees “Requested” on the other side, and approves it (Arabic)', async () => {
  const page = await open('ar');
  await page.goto(`${front.origin}/settings`);
  const locked = page.locator('input[name=locked]');
  await locked.check();
  await page.click('form.settings button[type=submit]');
  await page.locator('form.settings [role=status]').waitFor();
  assert.equal((await reader.api.get('/api/v1/accounts/verify_credentials')).body.locked, true);

  const fan = await createUser(api);
  const fanContext = await signedInContext(browser, fan, 'en');
  const fanPage = await fanContext.newPage();
  await fanPage.goto(`${front.origin}/@${reader.username}`);
  await fanPage.click('button.follow');
  await fanPage.locator('button.follow', { hasText: 'Requested' }).waitFor();
  await fanContext.close();

  await page.goto(`${front.origin}/settings/follow_requests`);
  const row = page.locator('.follow-requests .account-row', { hasText: fan.username });
  await row.waitFor();
  await shot(page, 'follow-requests', 'ar');
  await row.locator('button.authorize').click();
  await row.waitFor({ state: 'detached' });
  const rel = (await fan.api.get(`/api/v1/accounts/relationships?id[]=${reader.id}`)).body[0];
  assert.equal(rel.following, true);
  assert.equal(rel.requested, false);
});

test('mute a conversation from one’s own post’s menu, and unmute it (English)', async () => {
  const mine = await createPost(reader, 'My own thread — خيط خاص بي');
  const page = await open('en');
  await home(page);
  const post = card(page, 'My own thread');
  await post.locator('.post-menu .menu-toggle').click();
  await post.locator('[role=menu] [data-action=mute-conversation]').click();
  await page.locator('.safety-toast', { hasText: 'Conversation muted' }).waitFor();
  assert.equal((await reader.api.get(`/api/v1/statuses/${mine.id}`)).body.muted, true);
  await post.locator('.post-menu .menu-toggle').click();
  await post.locator('[role=menu] [data-action=unmute-conversation]').click();
  await page.locator('.safety-toast', { hasText: 'Conversation unmuted' }).waitFor();
  assert.equal((await reader.api.get(`/api/v1/statuses/${mine.id}`)).body.muted, false);
});

test('editing a filter removes and adds keywords (keywords_attributes with _destroy) and keeps its expiry (English)', async () => {
  const filter = await reader.api.post('/api/v2/filters', {
    title: 'Spoilers — حرق الأحداث',
    context: ['home', 'public', 'thread'],
    filter_action: 'warn',
    expires_in: 7 * 86400,
    keywords_attributes: [{ keyword: 'المسلسل', whole_word: true }, { keyword: 'spoiler', whole_word: false }],
  });
  assert.equal(filter.status, 200, JSON.stringify(filter.body));
  filterId = filter.body.id;
  const page = await open('en');
  await page.goto(`${front.origin}/settings/filters`);
  await page.locator(`.filter-item[data-filter-id="${filterId}"] a.edit-filter`).click();
  const form = page.locator('form.filter-editor');
  await form.locator('input[name=keyword] >> nth=1').waitFor();
  assert.equal(await form.locator('input[name=keyword]').nth(1).inputValue(), 'spoiler');
  await form.locator('button.remove-keyword').nth(1).click();
  await form.locator('button.add-keyword').click();
  await form.locator('input[name=keyword]').nth(1).fill('حلقة');
  await form.locator('button.save-filter').click();
  await page.locator('.filter-item', { hasText: 'حلقة' }).waitFor();
  const saved = (await reader.api.get(`/api/v2/filters/${filterId}`)).body;
  assert.deepEqual(saved.keywords.map((k: any) => k.keyword).sort(), ['المسلسل', 'حلقة'].sort());
  assert.equal(saved.expires_at, filter.body.expires_at, 'the expiry is kept');
});

test('screenshots of the safety settings pages in Arabic and English', async () => {
  for (const lang of ['en', 'ar'] as const) {
    const page = await open(lang);
    for (const [name, route, ready] of [
      ['settings', '/settings', 'form.settings'],
      ['blocks', '/settings/blocks', '.blocks .account-row'],
      ['mutes', '/settings/mutes', '.mutes .account-row'],
      ['follow-requests', '/settings/follow_requests', 'h1.page-title'],
      ['filters', '/settings/filters', '.filter-item'],
      ['filter-edit', `/settings/filters/${filterId}`, 'form.filter-editor input[name=keyword]'],
      ['filter-editor', '/settings/filters/new', 'form.filter-editor'],
      ['profile-blocked', `/@${troll.username}`, '.safety-note'],
    ] as const) {
      await page.goto(`${front.origin}${route}`);
      await page.locator(ready).first().waitFor();
      if (name === 'filter-edit') await page.waitForFunction(() => (document.querySelector('input[name=title]') as HTMLInputElement | null)?.value !== '', null, { polling: 100 });
      await shot(page, name, lang);
    }
  }
});
