// Serves the built web app (web/dist) and answers the app's client-side routes (/@user,
// /tags/x …) with its index.html, so deep links and reloads work.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

const NOT_APP = /^\/(api|oauth|assets|media|healthz|health|metrics|nodeinfo|\.well-known)(\/|$|\?)/;

export function isAppRoute(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (NOT_APP.test(request.url)) return false;
  const accept = request.headers.accept ?? '';
  return accept === '' || accept.includes('text/html') || accept.includes('*/*');
}

/**
 * What a page view loads besides the API: the app shell (/ and every app route, which reach the
 * static files' wildcard route first), its bundles, fonts and icons, the service worker, default
 * avatars (/assets/) and uploaded media (/media/). Never rate limited: a reader browsing normally
 * must not spend their allowance on these (nor be shown a raw 429 page). The server's own pages
 * with routes of their own (sign-in, /auth/confirmation and the like) stay limited.
 */
export function isPageFile(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (/^\/(assets|media)\//.test(request.url)) return true;
  const route = request.routeOptions.url;
  return (route === '/' || route === '/*') && !NOT_APP.test(request.url);
}

export async function sendAppShell(reply: FastifyReply): Promise<FastifyReply> {
  const index = path.join(WEB_DIST, 'index.html');
  reply.header('Cache-Control', 'no-cache');
  if (fs.existsSync(index)) return reply.type('text/html; charset=utf-8').send(fs.createReadStream(index));
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
    // Hashed bundle files never change; index.html is served by sendAppShell with no-cache.
    setHeaders: (res, file) => {
      if (file.includes(`${path.sep}app-assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  app.get('/', { schema: { hide: true } }, async (request, reply) => sendAppShell(reply));
}
