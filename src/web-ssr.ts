// Home's first page rendered into the HTML of `/` (issue 15's first visit within 1 s on a slow
// line): the 20 posts paint as soon as the HTML and CSS arrive, and React takes over (hydrates)
// when its code does, from the same data inlined as JSON, so nothing is fetched twice.
// Who is asking: the web session cookie, set by the web app after sign-in (web/src/auth/
// web-cookie.ts) through the endpoint below. It is read ONLY here, to render `/`; no API call
// accepts it (they take the Authorization header: http/auth.ts), so it adds no CSRF surface. A
// revoked or expired token, or a suspended account, gets the generic shell. The render itself is
// web/src/entry-server.tsx (the client's own components), built into web/dist-ssr.
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from './http/auth.js';
import { chooseEncoding } from './http/compression.js';
import { inlineStyleHashes, styleHashSource } from './http/security-headers.js';

export const WEB_SESSION_COOKIE = 'sirb_web';
export const LANG_COOKIE = 'sirb_lang';
export const THEME_COOKIE = 'sirb_theme';
// Set by the web app itself (document.cookie, no network) the moment a reader signs out: a sign-out
// whose DELETE below never arrived (offline, hung server) leaves the session cookie, and with it
// the server would paint that reader's home for the next person at the computer. Cleared by the
// server together with the session cookie, when the next sign-in sets it or a DELETE goes through.
export const SIGNED_OUT_COOKIE = 'sirb_signed_out';
export const WEB_SESSION_PATH = '/api/sirb/web_session';
const YEAR_S = 365 * 24 * 3600;
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

interface SsrState {
  accountId: string;
  acct: string;
  lang: 'ar' | 'en';
  now: number;
  home: unknown[];
  next: string | null;
}
type RenderHome = (state: SsrState) => string;

let renderer: Promise<RenderHome | null> | null = null;

/** The built renderer, loaded once; null when it is not built (the generic shell is served). */
function loadRenderer(distSsr: string): Promise<RenderHome | null> {
  renderer ??= import(pathToFileURL(path.join(distSsr, 'entry-server.js')).href).then(
    (m: { renderHome: RenderHome }) => m.renderHome,
    () => null,
  );
  return renderer;
}

/**
 * The reader's language as the web app picks it (boot.js mirrors it into this cookie on every
 * visit). Without the cookie there is no render: a guess from Accept-Language could paint an
 * Arabic reader's page left to right before boot.js (async on this page) corrects it.
 */
function langOf(cookies: Record<string, string | undefined>): 'ar' | 'en' | null {
  const lang = cookies[LANG_COOKIE];
  return lang === 'ar' || lang === 'en' ? lang : null;
}

/** Path and query of the Link header's next page, as the web app's api/client.ts keeps it. */
function nextOf(link: unknown): string | null {
  const match = typeof link === 'string' ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null;
  if (!match) return null;
  const url = new URL(match[1], 'http://sirb.invalid');
  return url.pathname + url.search;
}

// The built stylesheet by file (hashed names: a file's content never changes), with its CSP source.
const stylesheets = new Map<string, { css: string; hash: string }>();

async function stylesheet(dist: string, href: string): Promise<{ css: string; hash: string } | null> {
  let sheet = stylesheets.get(href);
  if (!sheet) {
    const file = path.join(dist, path.normalize(href));
    if (!file.startsWith(dist + path.sep)) return null;
    const css = await fs.promises.readFile(file, 'utf8').catch(() => null);
    if (css === null || css.includes('</')) return null;
    sheet = { css, hash: styleHashSource(css) };
    stylesheets.set(href, sheet);
  }
  return sheet;
}

/**
 * What makes the first paint wait, out of the way: the stylesheet comes inline (no round trip
 * after the HTML; allowed by hash in the CSP), and boot.js runs async (the language and theme it
 * would set before the paint are in the HTML already, from the cookies it mirrors them into).
 */
async function paintSooner(html: string, dist: string): Promise<{ html: string; styleHash: string | null }> {
  const link = /<link rel="stylesheet" crossorigin href="(\/app-assets\/[\w.-]+\.css)">/.exec(html);
  const sheet = link && (await stylesheet(dist, link[1]));
  if (link && sheet) html = html.replace(link[0], () => `<style>${sheet.css}</style>`);
  html = html
    .replace(/<script src="(\/app-assets\/boot-[\w-]+\.js)"><\/script>/, '<script async src="$1"></script>')
    // The app's code is fetched at once (modulepreload) but started by boot.js only after the
    // posts are painted: a module script runs as soon as the page is parsed, before the first
    // frame, and compiling and hydrating cost this 2-core machine 0.3-0.5 s (repeat visits,
    // whose code comes from the service worker at once, waited for it).
    .replace(/<script type="module" crossorigin src="(\/app-assets\/index-[\w-]+\.js)"><\/script>/, '<link rel="modulepreload" crossorigin href="$1"><meta name="sirb-start-after-paint" content="$1">');
  return { html, styleHash: link && sheet ? sheet.hash : null };
}

// The shell made ready to paint, once per build rather than read and rewritten on every render of
// `/`: a rebuild (npm start's prestart, or vite build beside a running server) changes its mtime.
const shells = new Map<string, { mtimeMs: number; html: string; styleHash: string | null }>();

async function paintableShell(indexFile: string): Promise<{ html: string; styleHash: string | null } | null> {
  const stat = await fs.promises.stat(indexFile).catch(() => null);
  if (!stat) return null;
  const known = shells.get(indexFile);
  if (known?.mtimeMs === stat.mtimeMs) return known;
  const shell = { mtimeMs: stat.mtimeMs, ...(await paintSooner(await fs.promises.readFile(indexFile, 'utf8'), path.dirname(indexFile))) };
  shells.set(indexFile, shell);
  return shell;
}

/** JSON that cannot end the <script> element it sits in. */
const inlineJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The HTML of `/` with the cookie's reader's home in it, or null for the generic shell: no or a
 * dead cookie, the API refusing the token (revoked, suspended), or no renderer built.
 */
async function personalHome(request: FastifyRequest, distSsr: string, indexFile: string): Promise<string | null> {
  const cookies = parseCookie(request.headers.cookie ?? '');
  const token = cookies[WEB_SESSION_COOKIE];
  const lang = langOf(cookies);
  if (!token || !lang || cookies[SIGNED_OUT_COOKIE] !== undefined) return null;
  // Through the API itself (same visibility, filters and refusals as the web app's own request).
  const ask = (url: string) => request.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  const [render, shell, home, me] = await Promise.all([loadRenderer(distSsr), paintableShell(indexFile), ask('/api/v1/timelines/home?limit=20'), ask('/api/v1/accounts/verify_credentials')]);
  if (!render || !shell || home.statusCode !== 200 || me.statusCode !== 200) return null;
  const account = me.json() as { id: string; acct: string };
  const state: SsrState = { accountId: account.id, acct: account.acct, lang, now: Date.now(), home: home.json(), next: nextOf(home.headers.link) };
  const body = render(state);
  const theme = cookies[THEME_COOKIE] === 'dark' || cookies[THEME_COOKIE] === 'light' ? ` data-theme="${cookies[THEME_COOKIE]}"` : '';
  if (shell.styleHash) inlineStyleHashes.set(request, shell.styleHash);
  const html = shell.html
    .replace(/<html lang="ar" dir="rtl">/, () => `<html lang="${state.lang}" dir="${state.lang === 'ar' ? 'rtl' : 'ltr'}"${theme} data-sirb-ssr="home">`)
    .replace('<div id="root"></div>', () => `<div id="root">${body}</div><script type="application/json" id="sirb-ssr">${inlineJson(state)}</script>`);
  return html.includes('id="sirb-ssr"') ? html : null;
}

/** `/`: the reader's home rendered in, when the cookie says whose; else null (the caller sends the shell). */
export async function sendPersonalHome(reply: FastifyReply, distSsr: string, indexFile: string): Promise<FastifyReply | null> {
  const request = reply.request;
  if (!request.headers.cookie?.includes(`${WEB_SESSION_COOKIE}=`)) return null;
  const html = await personalHome(request, distSsr, indexFile).catch((error: unknown) => {
    request.log.warn({ err: error }, 'server render of home failed: the generic shell is sent');
    return null;
  });
  if (html === null) return null;
  // Someone's home: never kept by a shared cache, the browser's cache or the service worker (sw.js).
  reply.header('Cache-Control', 'private, no-store');
  reply.header('Vary', 'Cookie, Accept-Encoding');
  reply.type('text/html; charset=utf-8');
  const encoding = chooseEncoding(request.headers['accept-encoding']);
  if (encoding === 'br') return reply.header('Content-Encoding', 'br').send(await brotli(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } }));
  if (encoding === 'gzip') return reply.header('Content-Encoding', 'gzip').send(await gzip(html, { level: 6 }));
  return reply.send(html);
}

/** The session cookie (and, in the same answer, the end of the sign-out mark: see SIGNED_OUT_COOKIE). */
function cookiesFor(request: FastifyRequest, value: string, maxAge: number): string[] {
  return [
    stringifySetCookie({ name: WEB_SESSION_COOKIE, value, httpOnly: true, sameSite: 'strict', path: '/', maxAge, secure: request.protocol === 'https' }),
    stringifySetCookie({ name: SIGNED_OUT_COOKIE, value: '', sameSite: 'strict', path: '/', maxAge: 0, secure: request.protocol === 'https' }),
  ];
}

/**
 * POST sets the cookie to the request's own bearer token (which must be a user's); DELETE clears
 * it and needs no token (signing out must work with a token already revoked).
 */
export function webSessionRoutes(app: FastifyInstance): void {
  app.post(WEB_SESSION_PATH, { schema: { hide: true } }, async (request, reply) => {
    requireUser(request, 'read');
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return reply.code(401).send({ error: 'The access token is invalid' });
    reply.header('Cache-Control', 'no-store').header('Set-Cookie', cookiesFor(request, token, YEAR_S));
    return reply.code(204).send();
  });
  app.delete(WEB_SESSION_PATH, { schema: { hide: true } }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store').header('Set-Cookie', cookiesFor(request, '', 0));
    return reply.code(204).send();
  });
}
