// Security headers for every answer, decided in one place by what the answer is:
//  - everything: nosniff (a JSON body or an upload is never guessed into HTML or script) and a
//    referrer policy that keeps paths and tokens in URLs from leaking to other sites;
//  - HTML: no framing (clickjacking) and a Content-Security-Policy. The web app shell gets a
//    strict one: scripts, styles and fonts only from its own files (web/boot.js holds the one
//    script that used to be inline), API calls and the streaming socket to this host only, and
//    problem reports to the status service (the offline banner's one-tap report);
//  - the OAuth sign-in page: nothing but its own inline style, allowed by hash;
//  - media and the default images: `sandbox`, so a file opened directly can never run anything.
// A route that sets its own Content-Security-Policy keeps it.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUTHORIZE_PAGE_STYLE } from '../oauth/authorize-page.js';

const FILES = /^\/(media|assets)\//;
// The sign-in page and the pages of mailed links (mail/routes.ts) share one frame and style.
const SIGN_IN_PAGE = /^\/(oauth\/authorize|auth\/confirmation|auth\/password(\/new|\/edit)?)(\?|$)/;

/** Served files (uploads above all) are data, never documents that run code. */
export const FILE_POLICY = "default-src 'none'; sandbox";

const styleHash = `'sha256-${crypto.createHash('sha256').update(AUTHORIZE_PAGE_STYLE).digest('base64')}'`;

// form-action is left out on purpose: browsers apply it to the redirect that follows the form
// (to the client's redirect_uri, often another site or a custom scheme), as Mastodon found.
export const SIGN_IN_POLICY = `default-src 'none'; style-src ${styleHash}; img-src 'self' data:; font-src 'self'; frame-ancestors 'none'; base-uri 'none'`;

/**
 * Inline styles a page carries, by request (web-ssr.ts inlines the app's stylesheet into the
 * server-rendered home, saving a round trip before the first paint): allowed by hash.
 */
export const inlineStyleHashes = new WeakMap<FastifyRequest, string>();

/** The CSP source allowing exactly this inline style. */
export function styleHashSource(css: string): string {
  return `'sha256-${crypto.createHash('sha256').update(css).digest('base64')}'`;
}

/** A host name (with port) fit to go into a header: anything else is left out of the policy. */
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The web app's policy. `'self'` covers same-host WebSockets in current browsers; the ws/wss
 * origins are listed as well for older ones. The configured public URL is allowed too, since
 * media URLs and the streaming URL the API hands out are written with it.
 */
export function webAppPolicy(host: string | undefined, publicUrl: string, statusPageUrl?: string, inlineStyle?: string): string {
  const sources: string[] = [];
  // The status service: the offline banner posts its one-tap report there (web/src/state/outage-report.ts).
  try {
    if (statusPageUrl) sources.push(new URL(statusPageUrl).origin);
  } catch {
    /* no usable status URL: no reports from the banner */
  }
  if (host && HOST.test(host)) sources.push(`ws://${host}`, `wss://${host}`);
  let publicOrigin = '';
  try {
    const url = new URL(publicUrl);
    publicOrigin = url.origin;
    sources.push(url.origin, `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`);
  } catch {
    /* no usable public URL: same host only */
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' ${inlineStyle ?? ''}`.trim(),
    `img-src 'self' data: blob: ${publicOrigin}`.trim(),
    `media-src 'self' blob: ${publicOrigin}`.trim(),
    "font-src 'self'",
    `connect-src 'self' ${[...new Set(sources)].join(' ')}`.trim(),
    "manifest-src 'self'",
    "worker-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

function isHtml(reply: FastifyReply): boolean {
  return String(reply.getHeader('content-type') ?? '').startsWith('text/html');
}

function policyFor(request: FastifyRequest, reply: FastifyReply, publicUrl: string, statusPageUrl?: string): string | null {
  if (FILES.test(request.url)) return FILE_POLICY;
  if (!isHtml(reply)) return null;
  if (SIGN_IN_PAGE.test(request.url)) return SIGN_IN_POLICY;
  // Every other page this server writes is the web app shell (or its "not built yet" notice).
  return webAppPolicy(request.headers.host, publicUrl, statusPageUrl, inlineStyleHashes.get(request));
}

export function installSecurityHeaders(app: FastifyInstance, publicUrl: string, statusPageUrl?: string): void {
  // A callback hook, not async: it runs on every answer, and has nothing to wait for.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    if (isHtml(reply)) reply.header('X-Frame-Options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) {
      const policy = policyFor(request, reply, publicUrl, statusPageUrl);
      if (policy) reply.header('Content-Security-Policy', policy);
    }
    done(null, payload);
  });
}
