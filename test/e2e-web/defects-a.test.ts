// Issue 15, web app defects 1, 4, 5 and 6 in a real browser against a real server, in Arabic
// and English where there is text: the caret after a reply's "@name ", the server's refusals
// said in the reader's language on their field (with the rules and password requirements shown
// before), hashtag pages named as the post wrote the tag, and an Arabic post with a link tagged
// Arabic. Defects 2 and 3 (a hung server, rate limits) are in defects-a-network.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { Api, createPost, createUser, type TestUser } from '../helpers/client.js';
import { closeWebRig, signedInContext, startWebRig, type WebRig } from './harness.js';

let rig: WebRig;
let origin: string;
let layla: TestUser;
let reader: TestUser;
let arabic: BrowserContext;
let english: BrowserContext;
const suffix = Date.now().toString(36).slice(-5);

before(async () => {
  rig = await startWebRig();
  origin = rig.front.origin;
  const api = new Api(rig.sirb.url);
  layla = await createUser(api, `layla_${suffix}`);
  await layla.api.patch('/api/v1/accounts/update_credentials', { display_name: 'ليلى' });
  reader = await createUser(api, `reader_${suffix}`);
  arabic = await signedInContext(rig.browser, { token: reader.token, id: reader.id, username: reader.username }, 'ar');
  english = await signedInContext(rig.browser, { token: reader.token, id: reader.id, username: reader.username }, 'en-US');
});

after(async () => {
  await arabic?.close();
  await english?.close();
  await closeWebRig(rig);
});

async function openThread(context: BrowserContext, status: { id: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/@${layla.username}/${status.id}`);
  await page.locator('article.status.focused').waitFor();
  return page;
}

test('defect 1: a reply opens with the caret after "@name ", so what is typed follows the mention', async () => {
  const post = await createPost(layla, 'صباح الخير من الرياض');
  const page = await openThread(arabic, post);
  // The reply button on the post: its composer opens focused.
  await page.locator('article.status.focused .status-actions button').first().click();
  const box = page.locator('article.status.focused form.composer textarea');
  await box.waitFor();
  await page.keyboard.type('Nice one');
  assert.equal(await box.inputValue(), `@${layla.username} Nice one`);
  // The thread's own reply box, reached from the keyboard (focus lands at the start otherwise).
  const threadBox = page.locator('.thread > form.composer textarea');
  await threadBox.focus();
  await page.keyboard.type('شكرًا');
  assert.equal(await threadBox.inputValue(), `@${layla.username} شكرًا`);
  await page.close();
});

test('defect 4: sign-up shows the rules and password requirements first, and the server’s refusal on its field in Arabic and English', async () => {
  await rig.sirb.server!.ctx.rules.create(Number(layla.id), { text: 'لا إساءة ولا تحرش', hint: 'No abuse or harassment' });
  const cases = [
    { locale: 'ar', username: layla.username, field: 'username', text: 'اسم المستخدم هذا مأخوذ.', hint: '8 أحرف على الأقل، و72 على الأكثر.', rules: 'قواعد الخادم' },
    { locale: 'en-US', username: 'admin', field: 'username', text: 'This username is reserved. Choose another.', hint: 'At least 8 characters, at most 72.', rules: 'Server rules' },
  ];
  for (const c of cases) {
    const page = await rig.browser.newPage({ locale: c.locale });
    await page.goto(`${origin}/`);
    const form = page.locator('form.signup');
    await form.waitFor();
    // Before anything is submitted: what the password needs, and the server's rules.
    assert.equal((await page.locator('#signup-password-hint').textContent())?.trim(), c.hint);
    await form.locator('.signup-rules li', { hasText: 'لا إساءة ولا تحرش' }).waitFor();
    assert.equal((await form.locator('.signup-rules-box h3').textContent())?.trim(), c.rules);
    await page.fill('input[name=username]', c.username);
    await page.fill('input[name=email]', `someone_${c.locale}_${suffix}@example.test`);
    await page.fill('input[name=password]', 'correct horse battery');
    await page.click('form.signup button[type=submit]');
    const error = page.locator(`#signup-${c.field}-error`);
    await error.waitFor();
    assert.equal((await error.textContent())?.trim(), c.text);
    const input = page.locator(`input[name=${c.field}]`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.match((await input.getAttribute('aria-describedby')) ?? '', new RegExp(`signup-${c.field}-error`));
    // Nothing of the server's English reaches the page.
    const body = (await page.locator('main').textContent()) ?? '';
    assert.doesNotMatch(body, /Validation failed|Username is/);
    await page.close();
  }
});

test('defect 4: a reply the server refuses is explained in the reader’s language, on the reply box', async () => {
  for (const [context, expected] of [
    [arabic, 'لم يُنشر: المنشور الذي تردّ عليه لم يعد موجودًا، أو لم يعد بوسعك رؤيته.'],
    [english, 'Not posted: The post you are replying to no longer exists, or you can no longer see it.'],
  ] as const) {
    const post = await createPost(layla, 'منشور سيُحذف قبل الرد عليه');
    const page = await openThread(context, post);
    const box = page.locator('.thread > form.composer textarea');
    await box.fill(`@${layla.username} رد متأخر`);
    assert.equal((await layla.api.delete(`/api/v1/statuses/${post.id}`)).status, 200);
    await page.click('.thread > form.composer button[type=submit]');
    const message = page.locator('.thread > form.composer .compose-message');
    await message.waitFor();
    assert.equal((await message.textContent())?.trim(), expected);
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    const messageId = await message.getAttribute('id');
    assert.ok(messageId && ((await box.getAttribute('aria-describedby')) ?? '').split(' ').includes(messageId), 'the message describes the reply box');
    await page.close();
  }
});

test('defect 5: a hashtag page opened from a post is named as the post wrote the tag, not its folded form', async () => {
  const post = await createPost(layla, 'تجربة الوسم #سرب_تجربة اليوم');
  const page = await openThread(arabic, post);
  await page.locator('article.status.focused .status-content a.hashtag').click();
  await page.waitForURL((url) => url.pathname.startsWith('/tags/'));
  assert.equal(decodeURIComponent(new URL(page.url()).pathname), '/tags/سرب_تجربة');
  await page.locator('article.status', { hasText: 'تجربة الوسم' }).waitFor();
  assert.equal((await page.locator('h1.page-title').textContent())?.trim(), '#سرب_تجربة');
  await page.close();
});

test('defect 6: an Arabic post with a link, written in the web app, is tagged Arabic', async () => {
  const page = await arabic.newPage();
  await page.goto(`${origin}/`);
  const text = `قرأت مقالًا جميلًا عن الطيور ${suffix} https://example.com/articles/birds-of-the-arabian-peninsula-and-their-migration`;
  await page.fill('form.composer textarea', text);
  await page.click('form.composer button[type=submit]');
  const card = page.locator('article.status', { hasText: `عن الطيور ${suffix}` }).first();
  await card.waitFor();
  assert.equal(await card.locator('.status-content').getAttribute('lang'), 'ar');
  await page.close();
});
