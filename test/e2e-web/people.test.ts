// Issue 15, "what people expect": grouped notifications with a Mentions tab, follower and
// following lists, profile tabs, fields and join date, the onboarding of an empty home, the image
// viewer with ALT badges, thread connectors, "replying to" and quoted posts — in Arabic (RTL)
// and English, on a real server, in Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { Api, createPost, createUser, type TestUser } from '../helpers/client.js';
import { Sirb, artifacts, signedInContext, closeWebRig, startWebRig, type WebRig } from './harness.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let reader: TestUser;
let layla: TestUser;
let fans: TestUser[];
let fresh: TestUser;
let newcomer: TestUser;
let firstPost: { id: string; url: string };
let reply: { id: string };

async function upload(user: TestUser, colour: string, description?: string): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: colour } }).png().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'pic.png');
  if (description) form.append('description', description);
  const res = await user.api.post('/api/v2/media', form);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.id;
}

before(async () => {
  ({ sirb, front, browser } = await startWebRig());
  const api = new Api(sirb.url);
  reader = await createUser(api);
  layla = await createUser(api);
  fans = [await createUser(api), await createUser(api), await createUser(api)];
  fresh = await createUser(api);
  newcomer = await createUser(api);
  await layla.api.patch('/api/v1/accounts/update_credentials', { display_name: 'ليلى', discoverable: true });
  await reader.api.patch('/api/v1/accounts/update_credentials', {
    display_name: 'القارئ',
    note: 'أكتب عن #سرب وعن https://example.com/about',
    fields_attributes: [{ name: 'الموقع', value: 'https://example.com' }],
  });
  firstPost = await createPost(reader, 'منشوري الأول عن الطقس');
  // Three people like the post, Layla last: the group names her first, "and 3 others".
  for (const fan of fans) await fan.api.post(`/api/v1/statuses/${firstPost.id}/favourite`);
  await layla.api.post(`/api/v1/statuses/${firstPost.id}/favourite`);
  reply = await createPost(layla, `@${reader.username} ردّ ليلى على الطقس`, { in_reply_to_id: firstPost.id });
  for (const fan of fans) await fan.api.post(`/api/v1/accounts/${layla.id}/follow`);
  await reader.api.post(`/api/v1/accounts/${layla.id}/follow`);
  await createPost(layla, 'منشور عادي من ليلى');
  await createPost(layla, 'صورتان من الرحلة', { media_ids: [await upload(layla, '#c33', 'غروب الشمس على البحر'), await upload(layla, '#33c')] });
  await createPost(layla, `انظروا إلى هذا ${firstPost.url}`);
});

after(() => closeWebRig({ sirb, front, browser }));

async function open(user: TestUser, lang: 'ar' | 'en', path: string): Promise<Page> {
  const context = await signedInContext(browser, user, lang);
  const page = await context.newPage();
  await page.goto(`${front.origin}${path}`);
  return page;
}

for (const [lang, liked, mentionsTab, mentioned] of [
  ['ar', 'أُعجب ليلى و3 أشخاص آخرين بمنشورك', 'الإشارات', 'أشار إليك ليلى'],
  ['en', 'ليلى and 3 others liked your post', 'Mentions', 'ليلى mentioned you'],
] as const) {
  test(`notifications are grouped ("and 3 others") with a Mentions tab (${lang})`, async () => {
    const page = await open(reader, lang, '/notifications');
    const group = page.locator('li.notification.favourite');
    await group.waitFor();
    assert.equal(await group.count(), 1, 'four likes of one post are one line');
    assert.equal(await group.getAttribute('data-count'), '4');
    assert.equal((await group.locator('.notification-line a').first().textContent())?.trim(), liked);
    assert.equal(await group.locator('.notification-faces img').count(), 4);
    assert.match((await group.locator('article.status').textContent()) ?? '', /منشوري الأول عن الطقس/);

    await page.getByRole('link', { name: mentionsTab }).click();
    await page.waitForURL(/filter=mentions/);
    const mention = page.locator('li.notification.mention', { hasText: 'ردّ ليلى على الطقس' });
    await mention.waitFor();
    assert.equal(await page.locator('li.notification:not(.mention)').count(), 0, 'only mentions are left');
    assert.equal((await mention.locator('.notification-line a').first().textContent())?.trim(), mentioned);
    assert.equal(await page.getByRole('link', { name: mentionsTab }).getAttribute('aria-current'), 'page');
    await page.context().close();
  });
}

test('follower and following lists open from the profile counts, with Follow buttons (ar, en)', async () => {
  const page = await open(fresh, 'ar', `/@${layla.username}`);
  await page.getByRole('link', { name: '4 متابِعين' }).click();
  await page.waitForURL(new RegExp(`/@${layla.username}/followers$`));
  const rows = page.locator('.people-list .account-row');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 4, 'the three fans and the reader');
  assert.equal(await page.locator('h1').first().textContent(), 'متابِعو ليلى');
  const follow = rows.first().locator('button.follow');
  assert.match((await follow.textContent()) ?? '', /^تابِع|^تابع/);
  await follow.click();
  await page.waitForFunction(() => document.querySelector('.people-list .account-row button.follow')?.getAttribute('aria-pressed') === 'true');
  await page.context().close();

  const en = await open(reader, 'en', `/@${fans[0].username}/following`);
  await en.locator('.people-list .account-row').first().waitFor();
  assert.equal(await en.locator('.people-list .account-row').count(), 1);
  assert.match((await en.locator('.people-list').textContent()) ?? '', /ليلى/);
  await en.context().close();
});

test('profile: tabs for posts, posts & replies and media; fields, clickable bio, join date (ar, en)', async () => {
  const page = await open(reader, 'ar', `/@${layla.username}`);
  const posts = page.locator('article.status');
  await page.locator('article.status', { hasText: 'منشور عادي من ليلى' }).waitFor();
  assert.equal(await page.locator('article.status', { hasText: 'ردّ ليلى على الطقس' }).count(), 0, 'replies are not under Posts');
  await page.getByRole('link', { name: 'المنشورات والردود' }).click();
  await page.locator('article.status', { hasText: 'ردّ ليلى على الطقس' }).waitFor();
  // A reply in a timeline says to whom.
  const replying = page.locator('article.status', { hasText: 'ردّ ليلى على الطقس' }).locator('.replying-to-note');
  assert.equal((await replying.textContent())?.trim(), `ردًّا على @${reader.username}`);
  await page.getByRole('link', { name: 'الوسائط' }).click();
  await page.waitForURL(/tab=media/);
  await page.waitForFunction(() => document.querySelectorAll('article.status').length === 1 && document.querySelector('article.status')?.textContent?.includes('صورتان'));
  assert.equal(await posts.count(), 1);
  await page.context().close();

  const mine = await open(reader, 'ar', `/@${reader.username}`);
  const profile = mine.locator('section.profile');
  await profile.waitFor();
  assert.equal((await profile.locator('.profile-fields dt').textContent())?.trim(), 'الموقع');
  assert.equal(await profile.locator('.profile-fields dd a').getAttribute('href'), 'https://example.com');
  const year = String(new Date().getUTCFullYear());
  assert.match((await profile.locator('.joined').textContent()) ?? '', new RegExp(`^انضم في .+ ${year}$`));
  // The bio's hashtag is a link that opens the hashtag page inside the app.
  await profile.locator('.bio a.hashtag').click();
  await mine.waitForURL(/\/tags\//);
  assert.equal(decodeURIComponent(new URL(mine.url()).pathname), '/tags/سرب');
  await mine.context().close();

  // A link field the server found linking back (link-verification.ts, which fetches the page)
  // is marked verified, in words for screen readers; its verified_at is set here directly.
  const db = sirb.server!.ctx.db.kysely;
  await db.updateTable('accounts').set({ fields: JSON.stringify([{ name: 'Site', value: 'https://example.org', verified_at: '2026-11-30T10:00:00.000Z' }]) }).where('id', '=', Number(layla.id)).execute();
  const verified = await open(reader, 'ar', `/@${layla.username}`);
  const mark = verified.locator('section.profile .profile-fields dd.verified .verified-mark');
  await mark.waitFor();
  assert.match((await mark.locator('.visually-hidden').textContent()) ?? '', /^رابط موثّق/);
  await verified.context().close();

  const en = await open(reader, 'en', `/@${reader.username}`);
  await en.locator('section.profile .joined').waitFor();
  assert.match((await en.locator('section.profile .joined').textContent()) ?? '', new RegExp(`^Joined [A-Z][a-z]+ ${year}$`));
  assert.equal(await en.locator('section.profile .bio a[href="https://example.com/about"]').count(), 1);
  await en.context().close();
});

test('an empty home welcomes with people to follow, hashtags and a first post (ar, en)', async () => {
  const page = await open(newcomer, 'ar', '/');
  const onboarding = page.locator('section.onboarding');
  await onboarding.waitFor();
  assert.equal(await onboarding.locator('h2').textContent(), 'أهلًا بك في سرب');
  const suggestion = onboarding.locator('.suggestions-list .account-row', { hasText: 'ليلى' });
  await suggestion.waitFor();
  await onboarding.getByRole('button', { name: 'اكتب منشورك الأول' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.closest('.composer') !== null && document.activeElement?.tagName), 'TEXTAREA');
  await page.context().close();

  const en = await open(newcomer, 'en', '/');
  await en.locator('section.onboarding h2', { hasText: 'Welcome to Sirb' }).waitFor();
  await en.context().close();
  // Someone who follows people sees their home, not the welcome.
  const home = await open(reader, 'ar', '/');
  await home.locator('article.status').first().waitFor();
  assert.equal(await home.locator('section.onboarding').count(), 0);
  await home.context().close();
});

for (const lang of ['ar', 'en'] as const) {
  test(`image viewer: ALT badge, arrows in the reading direction, Escape returns the focus (${lang})`, async () => {
    const page = await open(reader, lang, '/');
    const post = page.locator('article.status', { hasText: 'صورتان من الرحلة' });
    await post.waitFor();
    assert.equal(await post.locator('.alt-badge').count(), 1, 'only the described picture wears the badge');
    const first = post.locator('button.media-open').first();
    await first.click();
    const viewer = page.locator('dialog.media-viewer');
    await viewer.waitFor();
    assert.equal(await viewer.locator('figcaption').textContent(), 'غروب الشمس على البحر');
    assert.equal(await viewer.locator('.media-viewer-bar span').textContent(), lang === 'ar' ? 'الصورة 1 من 2' : 'Image 1 of 2');
    // "Next" is the arrow that points the way the text reads: left in Arabic, right in English.
    await page.keyboard.press(lang === 'ar' ? 'ArrowLeft' : 'ArrowRight');
    assert.equal(await viewer.locator('.media-viewer-bar span').textContent(), lang === 'ar' ? 'الصورة 2 من 2' : 'Image 2 of 2');
    assert.equal(await viewer.locator('figcaption').textContent(), lang === 'ar' ? 'بلا وصف' : 'No description');
    const next = await viewer.locator('.media-viewer-next').boundingBox();
    const prev = await viewer.locator('.media-viewer-prev').boundingBox();
    assert.ok(next && prev && (lang === 'ar' ? next.x < prev.x : next.x > prev.x), 'the Next button is on the reading side');
    // The page behind is inert while the dialog is open: Tab stays inside it.
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => !!document.activeElement?.closest('dialog.media-viewer')), 'focus stays in the viewer');
    }
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.classList.contains('media-open'));
    assert.ok(await first.evaluate((el) => el === document.activeElement), 'the focus is back on the picture that opened it');
    await page.context().close();
  });
}

test('an attachment without a description gets a reminder to write one, gone once written (ar, en)', async () => {
  const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#3c3' } }).png().toBuffer();
  for (const [lang, words] of [['ar', /^لا وصف بعد/], ['en', /^No description yet/]] as const) {
    const page = await open(reader, lang, '/');
    const composer = page.locator('form.composer').first();
    await composer.locator('input[type=file]').setInputFiles({ name: 'green.png', mimeType: 'image/png', buffer: png });
    const reminder = composer.locator('.attachment .alt-reminder');
    await reminder.waitFor();
    assert.match((await reminder.textContent()) ?? '', words);
    await composer.locator('.attachment input[type=text]').fill('مربع أخضر');
    await reminder.waitFor({ state: 'detached' });
    await page.context().close();
  }
});

test('a thread joins its posts with a connector on the avatar side; a post linking a post quotes it (ar, en)', async () => {
  for (const lang of ['ar', 'en'] as const) {
    const page = await open(reader, lang, `/@${layla.username}/${reply.id}`);
    const ancestor = page.locator('.thread-ancestor');
    await ancestor.waitFor();
    const line = await ancestor.locator('.thread-line').boundingBox();
    const avatar = await ancestor.locator('article.status .avatar').first().boundingBox();
    const focused = await page.locator('article.status.focused').boundingBox();
    assert.ok(line && avatar && focused);
    assert.ok(Math.abs(line.x + line.width / 2 - (avatar.x + avatar.width / 2)) <= 2, `the line runs from the avatar's centre (${lang})`);
    assert.ok(line.y >= avatar.y + avatar.height - 1 && line.y + line.height >= focused.y - 1, 'and reaches the focused post');
    assert.equal(await page.locator('article.status.focused .replying-to-note').count(), 0, 'the connector says it instead');
    await page.context().close();
  }

  const home = await open(reader, 'en', '/');
  const quoting = home.locator('article.status', { hasText: 'انظروا إلى هذا' });
  await quoting.waitFor();
  const quote = quoting.locator('aside.quoted-post');
  await quote.waitFor();
  assert.match((await quote.textContent()) ?? '', /منشوري الأول عن الطقس/);
  assert.equal(await quote.getAttribute('aria-label'), 'Quoted post');
  await home.context().close();
});

test('the new screens pass axe-core in Arabic and English, light and dark', async () => {
  const screens: [TestUser, string, string, string][] = [
    [reader, '/notifications', 'li.notification', 'notifications'],
    [reader, '/notifications?filter=mentions', 'li.notification', 'mentions'],
    [reader, `/@${layla.username}/followers`, '.people-list .account-row', 'followers'],
    [reader, `/@${reader.username}?tab=with_replies`, 'section.profile .joined', 'profile'],
    [reader, `/@${layla.username}/${reply.id}`, '.thread-line', 'thread'],
    [newcomer, '/', '.suggestions-list .account-row', 'onboarding'],
    [reader, '/', 'button.media-open', 'image-viewer'],
  ];
  fs.mkdirSync(artifacts, { recursive: true });
  for (const lang of ['ar', 'en'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ locale: lang, colorScheme, bypassCSP: true, viewport: { width: 1100, height: 900 } });
      for (const [user, where, ready, name] of screens) {
        await context.clearCookies();
        const page = await context.newPage();
        await page.addInitScript((s) => localStorage.setItem('sirb.session', JSON.stringify(s)), { token: user.token, accountId: user.id, acct: user.username });
        await page.goto(`${front.origin}${where}`);
        await page.locator(ready).first().waitFor();
        // The image viewer is checked open.
        if (ready === 'button.media-open') {
          await page.locator('article.status', { hasText: 'صورتان من الرحلة' }).locator('button.media-open').first().click();
          await page.locator('dialog.media-viewer figcaption').waitFor();
        }
        await page.screenshot({ path: path.join(artifacts, `people-${lang}-${colorScheme}-${name}.png`) });
        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
          // Left out, as reported (not of this area, and failing on every page with posts): a
          // post's action buttons (StatusActions: label-content-name-mismatch of the counts) and
          // the mentions and hashtags inside a post's text (not underlined; 2.16:1 in dark).
          const result = await axe.run({ include: [['body']], exclude: [['.status-actions'], ['.status-content a.mention'], ['.status-content a.hashtag']] });
          return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('; ')}`);
        });
        assert.deepEqual(violations, [], `${lang}/${colorScheme} ${where}: ${violations.join('\n')}`);
        await page.close();
      }
      await context.close();
    }
  }
});
