// No 500 and no HTML on any /api, /oauth, /.well-known or /nodeinfo path (issue 12). The fuzz
// pass (fuzz.test.ts) sends hostile inputs to each documented operation with its own method and
// checks 4xx bodies; this walks the app's whole route table under those prefixes (hidden routes
// too) with every method, routed or not, plus unknown paths, signed out and signed in, and checks
// every answer's type, success or not. Non-JSON answers are only where Mastodon gives them too.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';

const PREFIXES = /^\/(api|oauth|\.well-known|nodeinfo)(\/|$)/;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const UNKNOWN = ['/api/v1/nope', '/api/v2/x/y/', '/oauth/zzz', '/.well-known/abc', '/nodeinfo/9.9'];

/** Where Mastodon itself answers with something other than JSON, and what. */
function allowedType(path: string, status: number): RegExp | null {
  // Doorkeeper's sign-in and consent pages, and its error page for a bad client or redirect.
  if (path === '/oauth/authorize') return /^text\/html/;
  // XRD, as Mastodon's WellKnown::HostMetaController renders it.
  if (path === '/.well-known/host-meta') return /^application\/xrd\+xml/;
  // The streaming server's health check answers "OK" in plain text.
  if (path === '/api/v1/streaming/health') return /^text\/plain/;
  // A server-sent event stream, once it is open.
  if (path.startsWith('/api/v1/streaming/') && status === 200) return /^text\/event-stream/;
  return null;
}

/** Every route's full path, from Fastify's printed route tree (one level per 4 columns). */
function routePaths(app: FastifyInstance): string[] {
  const stack: string[] = [];
  const paths: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.search(/[├└]── /);
    if (at < 0) continue;
    const depth = at / 4;
    const name = line.slice(at + 4).replace(/ \([^)]*\)$/, '');
    stack.length = depth;
    stack.push(name);
    paths.push(stack.join('').replace(/^\/?/, '/'));
  }
  return [...new Set(paths)];
}

describe('every /api, /oauth, /.well-known and /nodeinfo path answers JSON and never 5xx', () => {
  const env = useTestServer();

  test('the route table and unknown paths, with every method, signed out and signed in', async (t) => {
    const me = await createUser(env.api, undefined, env.app);
    const other = await createUser(env.api, undefined, env.app);
    const status = await createPost(other, 'a post to aim at');
    const routes = routePaths(env.server.app).filter((p) => PREFIXES.test(p));
    assert.ok(routes.length > 100, `${routes.length} routes found under the prefixes`);
    // Real ids where a path names an account or a status; any id elsewhere (a 404 is fine).
    const concrete = (template: string) => template.split('/').map((part, i, parts) => {
      if (!part.startsWith(':') && part !== '*') return part;
      if (parts[i - 1] === 'accounts') return other.id;
      if (parts[i - 1] === 'statuses') return status.id;
      return '1';
    }).join('/');
    const paths = [...routes.map(concrete), ...UNKNOWN];
    const problems: string[] = [];
    let requests = 0;
    const probe = async (path: string, method: string, token?: string) => {
      const abort = new AbortController();
      const hasBody = method !== 'GET' && method !== 'DELETE';
      const res = await fetch(`${env.server.url}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
        body: hasBody ? '{}' : undefined,
        signal: abort.signal,
        redirect: 'manual',
      });
      requests++;
      const type = res.headers.get('content-type') ?? '';
      const bare = path.replace(/\/$/, '') || '/';
      const allowed = allowedType(bare, res.status);
      const body = allowed && type.startsWith('text/event-stream') ? (abort.abort(), '') : await res.text();
      const where = `${method} ${path} ${token ? 'signed in' : 'signed out'}: ${res.status} ${type}`;
      if (res.status >= 500) problems.push(`${where} ${body.slice(0, 200)}`);
      else if (body === '') return; // 204s, redirects and streams say nothing
      else if (allowed?.test(type)) return;
      else if (!/^application\/(json|jrd\+json)/.test(type)) problems.push(`${where} ${body.slice(0, 80)}`);
      else {
        try { JSON.parse(body); } catch { problems.push(`${where}: not JSON: ${body.slice(0, 80)}`); }
      }
    };
    const jobs = paths.flatMap((path) => METHODS.flatMap((method) => [() => probe(path, method), () => probe(path, method, me.token)]));
    const worker = async () => { for (let job = jobs.shift(); job; job = jobs.shift()) await job(); };
    await Promise.all([worker(), worker(), worker(), worker()]);
    t.diagnostic(`${requests} requests over ${routes.length} routes and ${UNKNOWN.length} unknown paths`);
    assert.deepEqual(problems, []);
    assert.equal((await env.api.get('/healthz')).status, 200, 'the server is still up');
  });
});
