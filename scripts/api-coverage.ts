// `npm run api:coverage`: which of the Mastodon 4.3 endpoints that six popular clients call
// (docs/api-coverage.json, derived as docs/api-coverage.md says) Sirb answers. Starts the app
// in-process on a temporary SQLite store, asks its own router whether each endpoint is routed
// (and, where the route table says no, calls it with a real token: only the app's route-not-found
// answer counts as missing), and writes docs/api-coverage.md. The table is what the app routes;
// whether each routed endpoint answers with Mastodon's shapes is what the tests check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/server.js';

export interface Endpoint { method: string; path: string; clients: string[]; why?: string }
export type Verdict = 'implemented' | 'stub' | 'missing';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = path.join(ROOT, 'docs');
export const CLIENTS = ['Elk', 'Phanpy', 'Tusky', 'Mastodon for Android', 'Mastodon for iOS', 'toot'];

export function readEndpoints(file = 'api-coverage.json'): Endpoint[] {
  return JSON.parse(fs.readFileSync(path.join(DOCS, file), 'utf8')) as Endpoint[];
}

/** Reasons for endpoints that are routed but have no meaning without federation. */
export function readStubs(): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(DOCS, 'api-coverage-stubs.json'), 'utf8')) as Record<string, string>;
}

/** Starts the app on a fresh SQLite store in a temporary directory (no DATABASE_URL, no Redis). */
export async function startScratchServer(): Promise<RunningServer & { dispose(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-coverage-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, PUBLIC_URL: 'http://127.0.0.1' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const config = { ...loadConfig(env), host: '127.0.0.1', databaseUrl: undefined, redisUrl: undefined };
  const server = await startServer(config, { logger: false });
  return {
    ...server,
    dispose: async () => {
      const closing = server.close();
      server.app.server.closeAllConnections();
      await closing;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Fixtures { token: string; accountId: string; statusId: string }

/** An app, a user with a token, and one of their statuses: real ids for the calls below. */
export async function createFixtures(baseUrl: string): Promise<Fixtures> {
  const post = async (p: string, body: unknown, token?: string) => {
    const res = await fetch(`${baseUrl}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const json = (await res.json()) as Record<string, string>;
    if (!res.ok) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const app = await post('/api/v1/apps', { client_name: 'coverage', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow push' });
  const appToken = await post('/oauth/token', { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write follow push' });
  const user = await post('/api/v1/accounts', { username: 'coverage', email: 'coverage@example.test', password: 'correct horse battery', agreement: true, locale: 'en' }, appToken.access_token);
  const me = (await (await fetch(`${baseUrl}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${user.access_token}` } })).json()) as { id: string };
  const status = await post('/api/v1/statuses', { status: 'coverage #probe' }, user.access_token);
  return { token: user.access_token, accountId: me.id, statusId: status.id };
}

/** A concrete URL for a path template: the id of a real account or status where one fits. */
function concrete(template: string, fx: Fixtures): string {
  const parts = template.split('/');
  return parts.map((part, i) => {
    if (!part.startsWith(':')) return part;
    const owner = parts[i - 1];
    if (owner === 'accounts' || owner === 'follow_requests' || owner === 'suggestions') return fx.accountId;
    if (owner === 'statuses') return fx.statusId;
    if (owner === 'tags' || owner === 'tag') return 'probe';
    return '1';
  }).join('/');
}

/**
 * Is the endpoint routed? The app's route table says (param names do not matter to it; a 404
 * "Record not found" from such a route is still an answer). Where it says no, a real call with a
 * token and real ids decides, for routes of another shape (a wildcard): any 404 means no, because
 * a specific path swallowed by a `/:id` route (`notifications/policy`) is not answered.
 */
export async function isRouted(app: FastifyInstance, baseUrl: string, endpoint: Endpoint, fx: Fixtures): Promise<boolean> {
  if (app.hasRoute({ method: endpoint.method as 'GET', url: endpoint.path })) return true;
  const abort = new AbortController();
  const hasBody = !['GET', 'DELETE'].includes(endpoint.method);
  const res = await fetch(`${baseUrl}${concrete(endpoint.path, fx)}`, {
    method: endpoint.method,
    headers: { authorization: `Bearer ${fx.token}`, accept: 'application/json', ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    body: hasBody ? '{}' : undefined,
    signal: abort.signal,
  });
  const type = res.headers.get('content-type') ?? '';
  // Streams never end: their status and type are the answer.
  if (type.includes('text/event-stream')) { abort.abort(); return res.ok; }
  await res.arrayBuffer();
  return res.status !== 404 && !type.includes('text/html');
}

export interface Row extends Endpoint { verdict: Verdict; reason?: string }

export async function measure(endpoints: Endpoint[], stubs: Record<string, string>): Promise<Row[]> {
  const server = await startScratchServer();
  try {
    const fx = await createFixtures(server.url);
    const rows: Row[] = [];
    for (const e of endpoints) {
      const key = `${e.method} ${e.path}`;
      const routed = await isRouted(server.app, server.url, e, fx);
      rows.push({ ...e, verdict: !routed ? 'missing' : stubs[key] ? 'stub' : 'implemented', reason: stubs[key] });
    }
    return rows;
  } finally {
    await server.dispose();
  }
}

const DERIVATION = `## How the endpoint list was derived

\`docs/api-coverage.json\` lists every endpoint that the Mastodon documentation
(github.com/mastodon/documentation, \`content/en/methods/**\`, snapshot of 2026-07) describes as
added in 4.3.0 or earlier and neither deprecated nor removed by 4.3, and that at least one of six
clients calls in its own source (snapshots of August 2026 unless said):

- **Tusky** (2025-05): the Retrofit annotations (\`@GET("api/v1/…")\`, \`@HTTP(method=…)\`) in \`network/MastodonApi.kt\` and beside it, plus \`oauth/authorize\`.
- **Mastodon for Android**: every request class under \`api/requests/**\` (\`super(HttpMethod.X, "/path"+id+…)\` with its \`getPathPrefix()\`), both arms of \`a ? "follow" : "unfollow"\`, and \`/oauth/authorize\` (AccountSessionManager).
- **Mastodon for iOS** (2024-10): the \`MastodonSDK/Sources/MastodonSDK/API/*.swift\` endpoint URLs and the \`Mastodon.API.get/post/put/patch/delete\` each uses, read by hand.
- **toot** (0.4x): \`toot/api.py\` and \`toot/cli/timelines_v2.py\` (\`http.get/post/…\` paths, \`_status_action\`/\`_account_action\`/\`_tag_action\` verbs).
- **Elk** and **Phanpy**: every masto.js call chain (\`client.v1.statuses.$select(id).reblog()\`, across lines), mapped to HTTP as masto.js does it (segments snake_cased, \`$select\` = \`/:id\`; \`fetch\`/\`list\` GET, \`create\` POST, \`update\` PUT, \`remove\` DELETE, \`updateCredentials\` PATCH, any other verb POST \`…/verb\`); both arms of \`[x ? 'favourite' : 'unfavourite']()\`; WebSocket stream subscriptions (\`streaming.user.notification.subscribe()\`) as that stream's endpoint; their \`fetch()\` calls to \`/api/v1/apps\`, \`/oauth/*\` and \`/.well-known/oauth-authorization-server\`. masto.js sends \`PUT\` for the v2 notification policy, which Rails routes like the documented \`PATCH\`.

Each call was matched to a documented path template (method and segments; \`:param\` matches any
segment). The result is **{{COUNT}}** endpoints, not the 145 issue 12 counted: its snapshots and
matching were not recorded, and calls that depend on runtime values beyond a two-way choice are not
counted here. Calls left out of the count because Mastodon 4.3 documents them as deprecated, or
does not document them, but still serves them, are checked too (\`docs/api-coverage-extra.json\`,
last table). Left out entirely: post-4.3 endpoints (collections, quotes, \`/api/v1/profile\`,
\`interaction_policy\`, annual report by year, \`accounts/:id/endorsements\`), removed ones
(\`/api/v1/search\`), Pleroma's and \`/api/v2/discover\`. Stubs (\`docs/api-coverage-stubs.json\`) are
only endpoints with no meaning without federation.
`;

function table(rows: Row[]): string {
  const cell = (r: Row) => (r.verdict === 'stub' ? `stub: ${r.reason}` : r.verdict);
  return ['| endpoint | Sirb | clients |', '|---|---|---|', ...rows.map((r) => `| \`${r.method} ${r.path}\` | ${cell(r)} | ${r.clients.join(', ')} |`)].join('\n');
}

export function render(rows: Row[], extra: Row[]): string {
  const answered = (rs: Row[]) => rs.filter((r) => r.verdict !== 'missing').length;
  const perClient = CLIENTS.map((c) => {
    const mine = rows.filter((r) => r.clients.includes(c));
    const missing = mine.filter((r) => r.verdict === 'missing').length;
    return `| ${c} | ${mine.length} | ${answered(mine)} | ${missing} |`;
  });
  const stubs = rows.filter((r) => r.verdict === 'stub').length;
  return `# Mastodon client API coverage

Written by \`npm run api:coverage\` (scripts/api-coverage.ts); do not edit by hand.

**Sirb answers ${answered(rows)} of the ${rows.length} Mastodon 4.3 endpoints the six clients call**
(${answered(rows) - stubs} implemented, ${stubs} stub(s), ${rows.length - answered(rows)} missing).
"Answers" means the app routes the endpoint; its tests check the shapes.

| client | endpoints it calls | answered | missing |
|---|---|---|---|
${perClient.join('\n')}
| **all six** | ${rows.length} | ${answered(rows)} | ${rows.length - answered(rows)} |

${table(rows)}

## Called but deprecated or undocumented in 4.3 (not in the count above)

${table(extra)}

${extra.map((r) => `- \`${r.method} ${r.path}\`: ${r.why}`).join('\n')}

${DERIVATION.replace('{{COUNT}}', String(rows.length))}`;
}

async function main(): Promise<void> {
  const endpoints = readEndpoints();
  const extraEndpoints = readEndpoints('api-coverage-extra.json');
  const stubs = readStubs();
  const rows = await measure([...endpoints, ...extraEndpoints], stubs);
  const main = rows.slice(0, endpoints.length);
  const extra = rows.slice(endpoints.length);
  fs.writeFileSync(path.join(DOCS, 'api-coverage.md'), render(main, extra));
  const answered = main.filter((r) => r.verdict !== 'missing').length;
  console.log(`${answered}/${main.length} answered (${main.filter((r) => r.verdict === 'stub').length} stubs); missing:`);
  for (const r of main.filter((x) => x.verdict === 'missing')) console.log(`  ${r.method} ${r.path}`);
  console.log('written: docs/api-coverage.md');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(() => process.exit(0), (error: unknown) => { console.error(error); process.exit(1); });
}
