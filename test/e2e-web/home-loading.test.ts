// Home while the server hangs (accepts connections, never answers) and the service worker has
// served the cached shell: the reader must see at once that posts are on their way, be told in
// words when it takes long, and still get the outage notice after that. In a real browser through
// a proxy the test makes hang (as defects-a-network.test.ts does), in English and in Arabic.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, createPost, createUser, type TestUser } from '../helpers/client.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { axeViolations } from './axe-check.js';
import { closeWebRig, signedInContext, startWebRig, type WebRig } from './harness.js';

let rig: WebRig;
let proxy: TcpProxy;
let origin: string;
let reader: TestUser;

before(async () => {
  rig = await startWebRig();
  proxy = await TcpProxy.start({ host: '127.0.0.1', port: rig.sirb.port });
  origin = `http://127.0.0.1:${proxy.port}`;
  reader = await createUser(new Api(rig.sirb.url), `wait_${Date.now().toString(36).slice(-5)}`);
  await createPost(reader, 'a post of my own, so home is not empty');
});

after(async () => {
  await proxy?.close();
  await closeWebRig(rig);
});

for (const [locale, dir, slowText] of [
  ['en-US', 'ltr', 'This is taking longer than usual. Still trying…'],
  ['ar', 'rtl', 'يستغرق هذا وقتاً أطول من المعتاد. ما زلنا نحاول…'],
] as const) {
  test(`${locale}: while the server hangs, home shows it is loading at once, says when it takes long, then the outage notice`, { timeout: 90_000 }, async () => {
    const context = await signedInContext(rig.browser, reader, locale);
    try {
      const first = await context.newPage();
      await first.goto(`${origin}/`);
      await first.locator('article.status').first().waitFor();
      await first.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15_000, polling: 100 });
      proxy.hang();

      const page = await context.newPage();
      // When the loading state first shows, timed in the page itself (the test's own round trips
      // to the browser are slow on a busy machine): injected by the harness, not the app's CSP.
      // (A string: tsx would wrap a function's inner functions in a helper the page lacks.)
      await page.addInitScript(`
        const observer = new MutationObserver(() => {
          // The shell's own "Loading…" until the app renders, then the posts' skeletons.
          const shown = document.querySelector('#shell-loading[aria-busy=true], section.timeline[aria-busy=true] .skeletons[aria-busy=true]');
          if (shown && shown.checkVisibility()) {
            window.loadingAt = performance.now();
            window.loadingFirst = shown.id || 'skeletons';
            observer.disconnect();
          }
        });
        observer.observe(document, { childList: true, subtree: true });
      `);
      // The shell comes from the service worker's cache after its few seconds of waiting.
      await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded', timeout: 20_000 });
      const skeleton = page.locator('section.timeline[aria-busy=true] .skeletons[aria-busy=true]');
      await skeleton.waitFor({ timeout: 5000 });
      const [shell, loading, firstShown] = await page.evaluate(() => {
        const w = window as unknown as { loadingAt: number; loadingFirst: string };
        return [(performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd, w.loadingAt, w.loadingFirst] as const;
      });
      // "At once" is judged by what showed first, not by a clock: the shell's own "Loading…" is in
      // its HTML, so it shows with the first paint whatever the machine's load (measured 0.2-0.5 s
      // after the shell on a busy one); the app's skeletons come only once its code has started.
      assert.equal(firstShown, 'shell-loading', `the shell's own loading state shows first (${Math.round(loading - shell)} ms after the shell)`);
      assert.ok(loading - shell <= 5000, `loading shown ${Math.round(loading - shell)} ms after the shell arrived`);
      assert.equal(await page.evaluate(() => document.documentElement.dir), dir);
      assert.match((await skeleton.locator('.visually-hidden').textContent()) ?? '', /^(Loading…|جارٍ التحميل…)$/);

      // A couple of seconds on, it says so in words, announced (role=status), before any outage notice.
      const slow = page.locator('section.timeline p.loading-slow[role=status]', { hasText: slowText });
      await slow.waitFor({ timeout: 4000 });
      assert.equal(await page.locator('.outage').count(), 0, 'said before the outage notice');
      assert.deepEqual(await axeViolations(page), []);

      // The outage notice still comes as before, and the loading state makes way for it.
      await page.locator('.outage[role=alert] a.status-link').waitFor({ timeout: 30_000 });
      await skeleton.waitFor({ state: 'detached', timeout: 5000 });
      assert.equal(await slow.count(), 0);
    } finally {
      await context.close();
      await proxy.restart();
    }
  });
}
