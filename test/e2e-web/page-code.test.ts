// A page whose code cannot be fetched (the app's lazily loaded pages: the server gone and no copy
// in the service worker's cache) used to take the whole app down: React unmounts everything above
// a lazy component that throws, leaving a blank page. Now the frame stays, the reader is told in
// their language, and "Try again" loads the page once its code can be fetched.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPost, type TestUser } from '../helpers/client.js';
import { closeWebRig, readerFollowingWriter, signedInContext, startWebRig, type WebRig } from './harness.js';

let rig: WebRig;
let reader: TestUser;

before(async () => {
  rig = await startWebRig();
  const { reader: signedIn, writer } = await readerFollowingWriter(rig.sirb);
  reader = signedIn;
  await createPost(writer, 'منشور للصفحة الرئيسية a post for home');
});
after(() => closeWebRig(rig));

for (const [lang, bookmarks, message, retry] of [
  ['ar', 'المحفوظات', 'تعذّر تحميل هذه الصفحة', 'أعد المحاولة'],
  ['en', 'Bookmarks', 'This page could not be loaded', 'Try again'],
] as const) {
  test(`a page whose code cannot be fetched says so and keeps the app (${lang}); Try again loads it`, async () => {
    // No service worker: its cache would answer for the blocked files.
    const context = await signedInContext(rig.browser, reader, lang, { serviceWorkers: 'block' });
    await context.addInitScript((l) => localStorage.setItem('sirb.lang', l), lang);
    const page = await context.newPage();
    await page.goto(`${rig.front.origin}/`);
    await page.locator('article.status').first().waitFor();
    await page.route('**/app-assets/**', (route) => route.abort('internetdisconnected'));
    await page.locator('nav[aria-label]:visible').getByRole('link', { name: bookmarks }).click();
    await page.getByRole('alert').filter({ hasText: message }).waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('nav[aria-label]:visible').count(), 1, 'the navigation is still there');
    await page.unroute('**/app-assets/**');
    await page.getByRole('button', { name: retry }).click();
    await page.locator('main h1', { hasText: bookmarks }).waitFor({ timeout: 20_000 });
    assert.equal(await page.getByRole('alert').filter({ hasText: message }).count(), 0);
    await context.close();
  });
}
