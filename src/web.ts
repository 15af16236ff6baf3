// Serves the built web app (web/dist) and answers the app's client-side routes (/@user,
// /tags/x …) with its index.html, so deep links and reloads work.
// Text files are sent precompressed (scripts/build-web.mjs writes a .br and a .gz beside each)
// to browsers that accept it; hashed bundles are cached for a year, everything else revalidated.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sendPersonalHome, webSessionRoutes } from './web-ssr.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');
/** The server's render of home (web/src/entry-server.tsx), built beside web/dist, never served as a file. */
export const WEB_DIST_SSR = path.resolve(WEB_DIST, '..', 'dist-ssr');

const NOT_APP = /^\/(api|oauth|assets|media|healthz|health|metrics|nodeinfo|\.well-known)(\/|$|\?)/;
const HASHED = `${path.sep}app-assets${path.sep}`;
export const IMMUTABLE = 'public, max-age=31536000, immutable';

export function isAppRoute(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (NOT_APP.test(request.url)) return false;
  const accept = request.headers.accept ?? '';
  return accept === '' || accept.includes('text/html') || accept.includes('*/*');
}

/**
 * What a page view loads besides the API: the app shell (/ and every app route, which reach the
 * static files' wildcard route first), its bundles, fonts and icons, the service worker, default
 * avatars (/assets/), uploaded media (/media/) and link cards' images (/card-images/). Never rate limited: a reader browsing normally
 * must not spend their allowance on these (nor be shown a raw 429 page). The server's own pages
 * with routes of their own (sign-in, /auth/confirmation and the like) stay limited.
 */
export function isPageFile(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (/^\/(assets|media|card-images)\//.test(request.url)) return true;
  const route = request.routeOptions.url;
  return (route === '/' || route === '/*') && !NOT_APP.test(request.url);
}

/** br or gzip when the request accepts it (q > 0), else none. */
export function acceptedEncoding(header: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Set<string>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) <= 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

export async function sendAppShell(reply: FastifyReply): Promise<FastifyReply> {
  const index = path.join(WEB_DIST, 'index.html');
  reply.header('Cache-Control', 'no-cache');
  reply.header('Vary', 'Accept-Encoding');
  if (fs.existsSync(index)) {
    const encoding = acceptedEncoding(reply.request.headers['accept-encoding']);
    const compressed = encoding && `${index}.${encoding === 'br' ? 'br' : 'gz'}`;
    reply.type('text/html; charset=utf-8');
    if (compressed && fs.existsSync(compressed)) return reply.header('Content-Encoding', encoding).send(fs.createReadStream(compressed));
    return reply.send(fs.createReadStream(index));
  }
  return reply
    .code(503)
    .type('text/html; charset=utf-8')
    .send('<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8"><title>Sirb</title><p>واجهة الويب لم تُبنَ بعد: <code>npm run build:web</code></p><p lang="en" dir="ltr">The web app is not built yet: run <code>npm run build:web</code>.</p></html>');
}

export async function installWebApp(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: WEB_DIST,
    prefix: '/',
    index: false,
    wildcard: true,
    preCompressed: true,
    // The plugin's own Cache-Control (max-age=0) is written after setHeaders and would replace
    // ours: it is turned off, and setHeaders decides.
    cacheControl: false,
    // Hashed bundle files never change; the rest (sw.js above all) is checked on every use.
    // index.html is served by sendAppShell with no-cache.
    setHeaders: (res, file) => {
      res.setHeader('Cache-Control', file.includes(HASHED) ? IMMUTABLE : 'no-cache');
      res.setHeader('Vary', 'Accept-Encoding');
    },
  });
  // `/` carries the signed-in reader's home when the web session cookie says who (web-ssr.ts);
  // every other app route, and `/` for anyone else, is the generic shell.
  app.get('/', { schema: { hide: true } }, async (_request, reply) => (await sendPersonalHome(reply, WEB_DIST_SSR, path.join(WEB_DIST, 'index.html'))) ?? sendAppShell(reply));
  webSessionRoutes(app);
}
