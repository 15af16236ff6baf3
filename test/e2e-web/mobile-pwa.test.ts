// Issue 15, "what people expect" (helper mobile): an installable app — a web manifest in each
// language (name, direction, icons 192/512 and maskable, standalone, share target) served with
// its content type and never rate limited, and Chromium finding nothing that stops installing
// it; a share from another app opening the composer pre-filled; and Mastodon's keyboard
// shortcuts, with their list (`?`) in Arabic and English. Each failed before the change.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { createPost, type TestUser } from '../helpers/client.js';
import { waitFor } from '../helpers/wait.js';
import { Sirb, closeWebRig, readerFollowingWriter, signedInContext, startWebRig, type WebRig } from './harness.js';

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let reader: TestUser;
let writer: TestUser;
const posts: { id: string }[] = [];

before(async () => {
  ({ sirb, front, browser } = await startWebRig());
  ({ reader, writer } = await readerFollowingWriter(sirb));
  for (const words of ['المنشور الأول first', 'المنشور الثاني second', 'المنشور الثالث third']) posts.push(await createPost(writer, words));
});

after(() => closeWebRig({ sirb, front, browser }));

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  assert.equal(bytes.subarray(1, 4).toString('ascii'), 'PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test('the manifests: each language names the app and sets its direction; icons, standalone, share target; right content type', async () => {
  for (const [file, lang, dir, shortName] of [
    ['manifest.webmanifest', 'ar', 'rtl', 'سرب'],
    ['manifest-en.webmanifest', 'en', 'ltr', 'Sirb'],
  ] as const) {
    const res = await fetch(`${sirb.url}/${file}`);
    assert.equal(res.status, 200, file);
    assert.match(res.headers.get('content-type') ?? '', /^application\/manifest\+json/);
    const m = await res.json();
    assert.equal(m.lang, lang);
    assert.equal(m.dir, dir);
    assert.equal(m.short_name, shortName);
    assert.match(m.name, /سرب/);
    assert.match(m.name, /Sirb/);
    assert.equal(m.display, 'standalone');
    assert.equal(m.start_url, '/');
    assert.match(m.theme_color, /^#[0-9a-f]{6}$/i);
    assert.deepEqual(m.share_target.params, { title: 'title', text: 'text', url: 'url' });
    assert.equal(m.share_target.action, '/share');
    for (const [size, purpose] of [[192, 'any'], [512, 'any'], [192, 'maskable'], [512, 'maskable']] as const) {
      const icon = m.icons.find((i: { sizes: string; purpose: string }) => i.sizes === `${size}x${size}` && i.purpose === purpose);
      assert.ok(icon, `${file}: a ${purpose} ${size} icon`);
      const png = await fetch(`${sirb.url}${icon.src}`);
      assert.equal(png.headers.get('content-type'), 'image/png');
      assert.deepEqual(pngSize(Buffer.from(await png.arrayBuffer())), [size, size], icon.src);
    }
  }
});

test('the manifest and icons are never rate limited (the API is, at the same allowance)', async () => {
  const strict = new Sirb({ rateLimit: { perWindow: 5, registrationsPerWindow: 5, windowSeconds: 300 } });
  await strict.start();
  try {
    // Each answer must be the file itself (an unknown path would get the app's HTML, also 200).
    const answers: string[] = [];
    for (let i = 0; i < 12; i++) {
      for (const p of ['/manifest.webmanifest', '/manifest-en.webmanifest', '/icons/icon-192.png']) {
        const res = await fetch(`${strict.url}${p}`);
        answers.push(`${res.status} ${res.headers.get('content-type')}`);
      }
    }
    assert.ok(answers.every((a) => /^200 (application\/manifest\+json|image\/png)/.test(a)), answers.join(', '));
    const api: number[] = [];
    for (let i = 0; i < 8; i++) api.push((await fetch(`${strict.url}/api/v1/timelines/public`)).status);
    assert.ok(api.includes(429), `the limit is on: ${api.join(',')}`);
  } finally {
    await strict.dispose();
  }
});

test('Chromium reads the manifest of the reader\'s language without errors and finds the app installable', async () => {
  for (const lang of ['ar', 'en'] as const) {
    const context = await signedInContext(browser, reader, lang);
    const page = await context.newPage();
    await page.goto(`${front.origin}/`);
    await page.locator('article.status').first().waitFor();
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    assert.equal(href, lang === 'ar' ? '/manifest.webmanifest' : '/manifest-en.webmanifest');
    // The service worker is what makes it installable: wait until it controls the page.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[] };
    assert.ok(manifest.url.endsWith(href!), manifest.url);
    assert.deepEqual(manifest.errors, []);
    // Playwright's contexts are off the record, where Chromium never installs anything
    // ("in-incognito"): that one says nothing about the app, every other error does.
    let last: string[] = [];
    await waitFor(
      async () => {
        const r = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
        last = r.installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
        return last.length === 0;
      },
      { timeout: 15_000, interval: 250, what: () => `no installability errors (now: ${last.join(', ')})` },
    );
    await context.close();
  }
});

test('a share from another app opens the home composer with its title, text and link, keeping a draft', async () => {
  const context = await signedInContext(browser, reader, 'ar');
  const page = await context.newPage();
  await page.goto(`${front.origin}/`);
  const box = page.locator('#main > form.composer textarea');
  await box.fill('مسودة سابقة');
  await waitFor(() => page.evaluate(() => Object.values(localStorage).some((v) => v?.includes('مسودة سابقة'))), { what: 'the draft to be kept' });
  const entries = await page.evaluate(() => history.length);
  const query = new URLSearchParams({ title: 'عنوان المقال', text: 'اقرأ هذا https://example.com/a', url: 'https://example.com/a' });
  await page.goto(`${front.origin}/share?${query}`);
  await page.waitForURL(`${front.origin}/`);
  await waitFor(async () => (await box.inputValue()).includes('example.com'), { what: 'the shared text in the composer' });
  const text = await box.inputValue();
  assert.equal(text, 'مسودة سابقة\n\nعنوان المقال\nاقرأ هذا https://example.com/a');
  assert.ok(await box.evaluate((b) => b === document.activeElement), 'the caret is in the composer');
  // Back from home goes where the share came from, not to the share page again.
  assert.equal(await page.evaluate(() => history.length), entries + 1, 'the share page was replaced by home');
  await context.close();
});

test('a share while signed out waits for the sign-in, then opens the composer with it', async () => {
  const context = await browser.newContext({ locale: 'en' });
  const page = await context.newPage();
  const query = new URLSearchParams({ text: 'Worth reading', url: 'https://example.com/b' });
  await page.goto(`${front.origin}/share?${query}`);
  await page.click('button.sign-in');
  await page.waitForURL(/\/oauth\/authorize\?/);
  await page.fill('#login', reader.username);
  await page.fill('#password', reader.password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${front.origin}/`);
  const box = page.locator('#main > form.composer textarea');
  await waitFor(async () => (await box.inputValue()).includes('example.com/b'), { timeout: 10_000, what: 'the shared text in the composer' });
  assert.equal(await box.inputValue(), 'Worth reading\nhttps://example.com/b');
  await context.close();
});

/** The post that has the focus (its id), or null. */
const focusedPost = (page: Page) => page.evaluate(() => document.activeElement?.closest('article.status')?.getAttribute('data-status-id') ?? null);

test('keyboard shortcuts: j/k move between posts, f likes, b boosts, r replies, o opens, g h / g n go, / searches, n writes', async () => {
  const context = await signedInContext(browser, reader, 'en');
  const page = await context.newPage();
  await page.goto(`${front.origin}/`);
  await page.locator('article.status').nth(2).waitFor();
  const ids = await page.locator('#main article.status').evaluateAll((list) => list.map((a) => a.getAttribute('data-status-id')));
  await page.keyboard.press('j');
  assert.equal(await focusedPost(page), ids[0]);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  assert.equal(await focusedPost(page), ids[2]);
  await page.keyboard.press('k');
  assert.equal(await focusedPost(page), ids[1]);

  await page.keyboard.press('f');
  await page.locator(`article[data-status-id="${ids[1]}"] button.like.on`).waitFor();
  await page.keyboard.press('b');
  await page.locator(`article[data-status-id="${ids[1]}"] button.repost.on`).waitFor();
  await waitFor(async () => {
    const s = (await reader.api.get(`/api/v1/statuses/${ids[1]}`)).body;
    return s.favourited && s.reblogged;
  }, { what: 'the server to have the like and the boost' });

  // Typing is typing: j in the reply box is a letter, not a move.
  await page.keyboard.press('r');
  const reply = page.locator(`article[data-status-id="${ids[1]}"] form.composer textarea`);
  await reply.waitFor();
  await waitFor(() => reply.evaluate((t) => t === document.activeElement), { what: 'the reply box to have the focus' });
  await page.keyboard.type('jk');
  assert.match(await reply.inputValue(), /jk$/);
  await page.keyboard.press('Escape');
  await reply.waitFor({ state: 'detached' });

  await page.locator(`article[data-status-id="${ids[1]}"]`).focus();
  await page.keyboard.press('o');
  await page.waitForURL(new RegExp(`/${ids[1]}$`));
  await page.keyboard.press('g');
  await page.keyboard.press('n');
  await page.waitForURL(`${front.origin}/notifications`);
  await page.keyboard.press('g');
  await page.keyboard.press('h');
  await page.waitForURL(`${front.origin}/`);
  await page.locator('article.status').first().waitFor();
  await page.keyboard.press('/');
  await page.waitForURL(`${front.origin}/search`);
  await waitFor(() => page.evaluate(() => document.activeElement?.id === 'search-q'), { what: 'the search box to have the focus' });
  assert.equal(await page.locator('#search-q').inputValue(), '', 'the slash was not typed');
  await page.locator('#search-q').press('n');
  assert.equal(await page.locator('#search-q').inputValue(), 'n', 'n in the search box is a letter');
  await page.locator('#search-q').blur();
  await page.keyboard.press('n');
  await page.waitForURL(`${front.origin}/`);
  await waitFor(() => page.evaluate(() => document.activeElement?.matches('#main > form.composer textarea') ?? false), { what: 'the composer to have the focus' });
  assert.equal(await page.locator('#main > form.composer textarea').inputValue(), '', 'the n was not typed');

  // Enter on a focused post opens it too.
  // Home came back from /search: its posts are read again before j has one to move to.
  await page.locator('#main > form.composer textarea').blur();
  await page.locator('#main article.status').first().waitFor();
  await page.keyboard.press('j');
  const first = await focusedPost(page);
  assert.ok(first, 'j focused a post');
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/${first}$`));
  await context.close();
});

/** What an Arabic keyboard layout sends for a key (Playwright types as a US layout would). */
async function arabicLayoutKey(page: Page, key: string, code: string, shiftKey = false): Promise<void> {
  await page.evaluate(
    ([key, code, shiftKey]) => (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, code, shiftKey, bubbles: true, cancelable: true })),
    [key, code, shiftKey] as const,
  );
}

for (const lang of ['ar', 'en'] as const) {
  test(`${lang}: ? lists the shortcuts in a dialog (from the Arabic layout's keys too); Escape closes it and the focus returns`, async () => {
    const context = await signedInContext(browser, reader, lang);
    const page = await context.newPage();
    await page.goto(`${front.origin}/`);
    await page.locator('article.status').first().waitFor();
    // With the Arabic layout on, J types "ت" and ? types "؟": the physical keys still work.
    if (lang === 'en') await page.keyboard.press('j');
    else await arabicLayoutKey(page, 'ت', 'KeyJ');
    const before = await focusedPost(page);
    assert.ok(before, 'j focused a post');
    if (lang === 'en') await page.keyboard.press('?');
    else await arabicLayoutKey(page, '؟', 'Slash', true);
    const dialog = page.locator('dialog.shortcuts-help[open]');
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    assert.match(text, lang === 'ar' ? /اختصارات لوحة المفاتيح/ : /Keyboard shortcuts/);
    assert.match(text, lang === 'ar' ? /الإعجاب بالمنشور/ : /Like the post/);
    assert.equal(await dialog.locator('kbd').count() >= 12, true);
    assert.equal(await dialog.evaluate((d) => getComputedStyle(d).direction), lang === 'ar' ? 'rtl' : 'ltr');
    // Shortcuts sleep while it is open.
    await page.keyboard.press('g');
    await page.keyboard.press('n');
    assert.equal(new URL(page.url()).pathname, '/');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await focusedPost(page), before, 'the focus is back on the post');
    await context.close();
  });
}
