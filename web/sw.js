// Sirb's service worker: keeps the app shell (index.html and the hashed bundles) so the app
// still opens while the server is down — and can then say so, show the status page link and
// keep the reader's drafts. API calls are never cached or intercepted: they must fail visibly.
// Filled in at build time (vite.config.ts): one cache per build, and that build's files.
const BUILD = '__SIRB_BUILD__';
const PRECACHE = __SIRB_PRECACHE__;
const CACHE = `sirb-shell-${BUILD}`;
const SHELL = '/';
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

async function shellFirstWhenDown(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && (response.headers.get('content-type') || '').includes('text/html')) {
      await cache.put(SHELL, response.clone());
      return response;
    }
    // A proxy's 502/503 page says less than the app would: serve the app instead.
    if (response.status >= 500) return (await cache.match(SHELL)) || response;
    return response;
  } catch (error) {
    const cached = await cache.match(SHELL);
    if (cached) return cached;
    throw error;
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
