// Sirb's service worker: keeps the app shell (index.html and the hashed bundles) so the app
// still opens while the server is down — and can then say so, show the status page link and
// keep the reader's drafts. API calls are never cached or intercepted: they must fail visibly.
// Filled in at build time (vite.config.ts): one cache per build, and that build's files.
const BUILD = '__SIRB_BUILD__';
const PRECACHE = __SIRB_PRECACHE__;
const CACHE = `sirb-shell-${BUILD}`;
// The generic shell (the same file `/` is for anyone without a web session cookie): `/` itself may
// be someone's home rendered in (src/web-ssr.ts), which must never be kept on a shared computer.
const SHELL = '/index.html';
const NOT_APP = /^\/(api|oauth|assets|media|healthz|metrics)(\/|$)/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // The bundles (including the lazily loaded ones and the fonts) are cached up front, so the
      // whole app works offline, not only what the first visit happened to load.
      .then((cache) => cache.addAll([SHELL, ...PRECACHE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      // Earlier builds' caches (and their bundles) go once this build is in charge.
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('sirb-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// How long a page load waits for the network before the cached shell is used: a hung server
// (connection accepted, no answer) would otherwise keep the tab blank for as long as it hangs.
const SHELL_WAIT_MS = 3000;

async function shellFirstWhenDown(request) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (response) => {
    // Only a generic page refreshes the cached shell: a personal one says no-store.
    const personal = /no-store|private/.test(response.headers.get('cache-control') || '');
    if (response.ok && !personal && (response.headers.get('content-type') || '').includes('text/html')) await cache.put(SHELL, response.clone());
    return response;
  });
  // Answered after the cached shell was served, or failed: either way nobody waits on it now.
  network.catch(() => {});
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, SHELL_WAIT_MS, 'late');
  });
  try {
    const first = await Promise.race([network, late]);
    if (first === 'late') {
      const cached = await cache.match(SHELL);
      // Nothing cached yet: all that can be done is wait for the network.
      return cached || (await network);
    }
    // A proxy's 502/503 page says less than the app would: serve the app instead.
    if (first.status >= 500) return (await cache.match(SHELL)) || first;
    return first;
  } catch (error) {
    const cached = await cache.match(SHELL);
    if (cached) return cached;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function bundleFromCache(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  // Bundle names carry a content hash, so a cached copy is never stale.
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NOT_APP.test(url.pathname)) return;
  if (request.mode === 'navigate') event.respondWith(shellFirstWhenDown(request));
  else if (url.pathname.startsWith('/app-assets/')) event.respondWith(bundleFromCache(request));
});

// Web Push (issue 12): the server sends Mastodon's payload ({access_token, preferred_locale,
// notification_id, notification_type, icon, title, body}), already in the reader's language.
// Chrome only lets a site keep its push subscription if every push shows a notification.
const RTL_FIRST = /^[^A-Za-z\u00C0-\u024F\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]*[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

function pushPayload(data) {
  if (!data) return {};
  try {
    const json = data.json();
    return json && typeof json === 'object' ? json : { body: String(json) };
  } catch {
    return { body: data.text() };
  }
}

self.addEventListener('push', (event) => {
  const payload = pushPayload(event.data);
  const locale = typeof payload.preferred_locale === 'string' ? payload.preferred_locale : '';
  const title = payload.title || 'Sirb';
  const body = payload.body || '';
  // An Arabic reader's notification reads right to left; without a locale, so does one whose
  // title starts in an RTL script. An English title may start with an Arabic name ("سلمى
  // followed you"), so otherwise the system decides.
  const dir = locale.startsWith('ar') || (!locale && RTL_FIRST.test(title)) ? 'rtl' : 'auto';
  const tag = payload.notification_id ? `sirb-notification-${payload.notification_id}` : 'sirb-notification';
  event.waitUntil(
    self.registration.showNotification(title, {
      body,
      icon: payload.icon || undefined,
      dir,
      lang: locale || undefined,
      tag,
      timestamp: Date.now(),
      data: { url: '/notifications', id: payload.notification_id, type: payload.notification_type },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = (event.notification.data && event.notification.data.url) || '/notifications';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (!open) return self.clients.openWindow(path);
      // The open tab moves to the notifications itself (main.tsx), keeping its state and session.
      open.postMessage({ type: 'sirb:navigate', path });
      return open.focus();
    }),
  );
});
