// A fuzz pass over every operation in the OpenAPI document (GET /api/openapi.json): fast-check
// draws path, query, header and body values from each operation's own schemas, valid and not
// (hostile and huge strings, Arabic, bidi and control characters, wrong types, out-of-range
// numbers, missing required fields, real and random ids), sends them over HTTP as a signed-out
// client, a signed-in user, an app token and a bogus token, in JSON, form and multipart bodies.
// It holds when no answer is a 5xx, the server stays up, and every 4xx is `{"error": string}`
// JSON (or an HTML page where the document says that status answers one). Bounded by runs and
// by time; FUZZ_SEED replays a run, FUZZ_RUNS and FUZZ_SECONDS change its size.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import qs from 'qs';
import sharp from 'sharp';
import WebSocket from 'ws';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';
import { waitFor } from '../helpers/wait.js';
import { SchemaArbitraries, hostileString, invalidValue, type KnownValues, type Schema } from './fuzz-inputs.js';

type Operation = { parameters?: Array<{ in: string; name: string; required?: boolean; schema: Schema }>; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, { content?: Record<string, unknown> }> };
type Identity = 'anonymous' | 'user' | 'app' | 'bogus';
type Encoding = 'json' | 'form' | 'multipart' | 'broken-json' | 'text' | 'none';

interface Sample {
  method: string;
  template: string;
  identity: Identity;
  path: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: Record<string, unknown> | undefined;
  encoding: Encoding;
  file: Uint8Array | undefined;
}

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 300);
const TIME_BUDGET_MS = Number(process.env.FUZZ_SECONDS ?? 60) * 1000;
const CONCURRENCY = 4;

/** The 4xx codes an operation documents as HTML (the sign-in page's 401), not `{"error"}`. */
function htmlStatuses(op: Operation): Set<string> {
  return new Set(Object.entries(op.responses).filter(([code, r]) => /^4/.test(code) && r.content?.['text/html']).map(([code]) => code));
}

function sampleArbitrary(method: string, template: string, op: Operation, known: KnownValues, components: Record<string, Schema>, image: Uint8Array): fc.Arbitrary<Sample> {
  const inUrl = new SchemaArbitraries(components, known, true);
  const inBody = new SchemaArbitraries(components, known, false);
  const params = op.parameters ?? [];
  const ofKind = (kind: string) => params.filter((p) => p.in === kind);
  const asObject = (kind: string, arbs: SchemaArbitraries) =>
    arbs.object({ type: 'object', properties: Object.fromEntries(ofKind(kind).map((p) => [p.name, p.schema])), required: ofKind(kind).filter((p) => p.required).map((p) => p.name) });
  // A path segment is always some string: a real id, one of the right shape, or garbage.
  const path = fc.record(Object.fromEntries(ofKind('path').map((p) => [p.name, fc.oneof(inUrl.valid(p.schema, p.name), hostileString).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? ''))])));
  // Header values must be bytes a client can send; only the declared headers are sent.
  const declared = new Set(ofKind('header').map((p) => p.name));
  const headers = asObject('header', inUrl).map((h) =>
    Object.fromEntries(Object.entries(h).filter(([k]) => declared.has(k)).map(([k, v]) => [k, (typeof v === 'string' ? v : JSON.stringify(v) ?? '').replace(/[^\x20-\x7e]/g, '')])),
  );
  const content = op.requestBody?.content ?? {};
  const bodySchema = Object.values(content)[0]?.schema;
  const wantsFile = 'multipart/form-data' in content;
  const body = bodySchema ? fc.option(inBody.object(bodySchema), { freq: 12 }).map((b) => b ?? undefined) : fc.constant(undefined);
  const encodings: Encoding[] = method === 'GET' ? ['none'] : method === 'DELETE' ? ['none', 'none', 'json'] : ['json', 'json', 'form', 'multipart', 'broken-json', 'text', 'none'];
  const file = wantsFile
    ? fc.oneof(fc.constant(image), fc.uint8Array({ maxLength: 64 }), fc.constant(new TextEncoder().encode('%PDF-1.4 not an image')), fc.constant(undefined))
    : fc.constant(undefined);
  return fc.record({
    method: fc.constant(method),
    template: fc.constant(template),
    identity: fc.constantFrom<Identity>('anonymous', 'user', 'user', 'app', 'bogus'),
    path,
    query: asObject('query', inUrl),
    headers,
    body,
    encoding: wantsFile ? fc.constantFrom<Encoding>('multipart', 'multipart', 'json', 'none') : fc.constantFrom(...encodings),
    file,
  });
}

// Lone surrogates cannot be percent-encoded as UTF-8: URLs and forms carry them replaced (JSON
// bodies carry them as they are, escaped).
const wellFormed = (text: string) => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const QS = { arrayFormat: 'brackets', encoder: (text: unknown) => encodeURIComponent(wellFormed(String(text))) } as const;

function flatten(value: Record<string, unknown>): Array<[string, string]> {
  const text = qs.stringify(value, QS);
  return [...new URLSearchParams(text).entries()];
}

function encode(sample: Sample): { body?: BodyInit; contentType?: string } {
  const body = sample.body ?? {};
  switch (sample.encoding) {
    case 'json':
      return { body: JSON.stringify(sample.body ?? null), contentType: 'application/json' };
    case 'form':
      return { body: qs.stringify(body, QS), contentType: 'application/x-www-form-urlencoded' };
    case 'multipart': {
      const form = new FormData();
      for (const [key, value] of flatten(body)) form.append(key, value);
      if (sample.file) form.append('file', new Blob([sample.file as Uint8Array<ArrayBuffer>], { type: 'image/png' }), 'fuzz.png');
      return { body: form };
    }
    case 'broken-json':
      return { body: JSON.stringify(body).slice(0, -1) + '\u0000', contentType: 'application/json' };
    case 'text':
      return { body: JSON.stringify(body), contentType: 'text/plain' };
    default:
      return {};
  }
}

function urlOf(sample: Sample): string {
  const path = sample.template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(wellFormed(sample.path[name] ?? '')));
  const query = qs.stringify(sample.query, QS);
  return query ? `${path}?${query}` : path;
}

describe('fuzzing every operation of the OpenAPI document', { timeout: 240_000 }, () => {
  const env = useTestServer();

  test(`never a 5xx, always {"error"} on a 4xx, the server stays up (seed ${SEED})`, async (t) => {
    const { api, app, server } = env;
    // Records to aim at: posts of each visibility, a mention (a notification), media, tags.
    const alice = await createUser(api, undefined, app);
    const bob = await createUser(api, undefined, app);
    await bob.api.post(`/api/v1/accounts/${alice.id}/follow`);
    const image = new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#2a7' } }).png().toBuffer());
    const upload = new FormData();
    upload.append('file', new Blob([image], { type: 'image/png' }), 'seed.png');
    const media = await alice.api.post('/api/v2/media', upload);
    const posts = [
      await createPost(alice, 'منشور عام #وسم', { media_ids: [media.body.id] }),
      await createPost(alice, 'غير مدرج #وسم', { visibility: 'unlisted' }),
      await createPost(bob, 'للمتابعين فقط', { visibility: 'private' }),
      await createPost(bob, `@${alice.username} رسالة خاصة #سر`, { visibility: 'direct' }),
    ];
    await alice.api.post(`/api/v1/statuses/${posts[2].id}/favourite`);
    await alice.api.post(`/api/v1/statuses/${posts[0].id}/bookmark`);
    const notes = await alice.api.get('/api/v1/notifications');
    const known: KnownValues = {
      ids: [alice.id, bob.id, media.body.id, ...posts.map((p) => p.id), ...notes.body.map((n: { id: string }) => n.id), '0', '1', '9999999999999999'],
      tags: ['وسم', 'سر', '#وسم', 'nothing'],
      accts: [alice.username, bob.username, `${alice.username}@127.0.0.1`, 'admin'],
    };
    const tokens: Record<Identity, string | undefined> = { anonymous: undefined, user: alice.token, app: app.appToken, bogus: 'not-a-token-' + 'x'.repeat(20) };

    const doc = (await api.get('/api/openapi.json')).body as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
    const operations = Object.entries(doc.paths).flatMap(([template, methods]) => Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), template, op })));
    assert.ok(operations.length >= 60, `${operations.length} operations`);

    // Every operation gets the same number of samples; they are sent interleaved so a time
    // budget cut short on a slow machine still covers every operation.
    const perOperation = operations.map(({ method, template, op }, i) =>
      fc.sample(sampleArbitrary(method, template, op, known, doc.components.schemas, image), { numRuns: RUNS_PER_OPERATION, seed: SEED + i }),
    );
    const queue: Sample[] = [];
    for (let round = 0; round < RUNS_PER_OPERATION; round++) for (const samples of perOperation) queue.push(samples[round]);
    const htmlByOperation = new Map(operations.map(({ method, template, op }) => [`${method} ${template}`, htmlStatuses(op)]));

    const statusCounts = new Map<number, number>();
    const distinct = new Set<string>();
    const problems = new Map<string, string>();
    const covered = new Set<string>();
    let requests = 0;
    const started = performance.now();

    const send = async (sample: Sample) => {
      const url = urlOf(sample);
      const { body, contentType } = encode(sample);
      const headers: Record<string, string> = { ...sample.headers };
      if (contentType) headers['content-type'] = contentType;
      const token = tokens[sample.identity];
      if (token) headers.authorization = `Bearer ${token}`;
      distinct.add(JSON.stringify([sample.method, url, sample.identity, sample.encoding, sample.body, sample.headers, sample.file?.length]));
      // Event streams never end: their answer is read up to the headers, then dropped.
      const abort = new AbortController();
      const hung = setTimeout(() => abort.abort(new Error('no answer in 15 s')), 15_000);
      let status = 0;
      let text = '';
      let type = '';
      try {
        const res = await fetch(`${server.url}${url}`, { method: sample.method, headers, body, signal: abort.signal });
        status = res.status;
        type = res.headers.get('content-type') ?? '';
        if (type.includes('event-stream')) abort.abort();
        else text = await res.text();
      } catch (error) {
        if (!type.includes('event-stream')) problems.set(`${sample.method} ${sample.template}: request failed`, `${String(error)} ${String(abort.signal.reason ?? '')} for ${sample.identity} ${sample.encoding} ${url.length > 600 ? `${url.slice(0, 300)}…${url.slice(-300)}` : url} body=${JSON.stringify(sample.body)?.slice(0, 300)}`);
      } finally {
        clearTimeout(hung);
      }
      requests++;
      covered.add(`${sample.method} ${sample.template}`);
      statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
      const where = `${sample.method} ${sample.template} → ${status}`;
      const evidence = () => `${sample.identity} ${sample.encoding} ${url.length > 600 ? `${url.slice(0, 300)}…${url.slice(-300)}` : url} body=${JSON.stringify(sample.body)?.slice(0, 300)} answer=${text.slice(0, 300)}`;
      if (status >= 500) problems.set(where, evidence());
      else if (status >= 400 && !htmlByOperation.get(`${sample.method} ${sample.template}`)?.has(String(status))) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* checked below */
        }
        const ok = type.includes('application/json') && typeof (parsed as { error?: unknown })?.error === 'string';
        if (!ok) problems.set(`${where}: not {"error": string}`, evidence());
      }
    };

    let next = 0;
    const worker = async () => {
      while (next < queue.length && performance.now() - started < TIME_BUDGET_MS) await send(queue[next++]);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    // The streaming WebSocket is not in the document (an upgrade, not an operation): random
    // subscribe messages and garbage frames must be answered in the stream, not crash it. Frames
    // stay under the socket's 64 KiB limit; one over it must close its socket with 1009 only.
    const socketUrl = (token?: string) => `${server.url.replace('http', 'ws')}/api/v1/streaming${token ? `?access_token=${token}` : ''}`;
    const socketFrames = fc
      .sample(
        fc.oneof(
          fc.record({ type: fc.constantFrom('subscribe', 'unsubscribe', 'nope'), stream: fc.oneof(fc.constantFrom('user', 'public', 'hashtag', 'user:notification', 'public:local', 'list', 'direct'), hostileString, invalidValue(false)), tag: fc.option(fc.oneof(hostileString, invalidValue(false))) }).map((m) => JSON.stringify(m)),
          hostileString,
        ),
        { numRuns: 150, seed: SEED },
      )
      .filter((frame) => Buffer.byteLength(frame) < 60_000);
    let frames = 0;
    for (const identity of ['anonymous', 'user'] as const) {
      const ws = new WebSocket(socketUrl(tokens[identity]));
      await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
      for (const frame of socketFrames) {
        ws.send(frame);
        frames++;
      }
      // The socket answers a last message after all the others: it is still serving.
      const outcome = await new Promise<string>((resolve) => {
        ws.on('message', (data) => String(data).includes('"Unknown message type"') && resolve('answered'));
        ws.once('close', (code) => resolve(`closed with ${code}`));
        ws.send(JSON.stringify({ type: 'fuzz-done' }));
      });
      if (outcome !== 'answered') problems.set(`WebSocket as ${identity}: ${outcome} during the fuzz frames`, '');
      ws.close();
    }
    const oversized = new WebSocket(socketUrl(alice.token));
    await new Promise<void>((resolve, reject) => { oversized.once('open', () => resolve()); oversized.once('error', reject); });
    const closedWith = new Promise<number>((resolve) => oversized.once('close', (code) => resolve(code)));
    oversized.send(JSON.stringify({ type: 'subscribe', stream: 'hashtag', tag: 'ع'.repeat(40_000) }));
    assert.equal(await closedWith, 1009, 'a frame over 64 KiB closes its socket as too big');

    const health = await api.get('/healthz');
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const counts = [...statusCounts.entries()].sort(([a], [b]) => a - b).map(([code, n]) => `${code}: ${n}`).join(', ');
    t.diagnostic(`seed ${SEED}: ${requests} requests (${distinct.size} distinct inputs) over ${covered.size}/${operations.length} operations in ${seconds} s, ${frames} WebSocket frames`);
    t.diagnostic(`statuses: ${counts}`);
    for (const [where, evidence] of problems) t.diagnostic(`${where}: ${evidence}`);
    assert.equal(health.status, 200, 'the server is still up');
    assert.equal(covered.size, operations.length, 'every operation was called at least once');
    assert.deepEqual([...problems.keys()], [], `replay with FUZZ_SEED=${SEED}`);
  });

  // Found by the pass above (on PostgreSQL, whose text cannot hold U+0000): each of these was a 500.
  test('NUL characters and non-finite numbers in a path, a query or a body are refused with a 4xx', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const cases: Array<[string, string, unknown, number]> = [
      ['GET', '/api/v1/accounts/lookup?acct=a%00b', undefined, 400],
      ['GET', '/api/v1/accounts/search?q=a%00b', undefined, 400],
      ['GET', '/api/v2/search?q=%00', undefined, 400],
      ['GET', '/api/v1/tags/a%00b', undefined, 404],
      ['GET', '/api/v1/timelines/tag/a%00b', undefined, 404],
      ['POST', '/api/v1/statuses', { status: 'a\u0000b' }, 422],
      ['PATCH', '/api/v1/accounts/update_credentials', { display_name: 'a\u0000b', source: { note: ['x\u0000'] } }, 422],
      ['POST', '/api/v1/apps', { client_name: 'a\u0000', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' }, 422],
      // Ajv coerces these to Infinity and then skips `maximum`: they reached SQL.
      ['GET', '/api/v2/search?q=x&limit=Infinity', undefined, 400],
      ['GET', '/api/v1/accounts/search?q=x&limit=1e400', undefined, 400],
      ['GET', '/api/v1/timelines/public?limit=-Infinity', undefined, 400],
    ];
    for (const [method, path, body, expected] of cases) {
      const res = await me.api.request(method, path, body);
      assert.equal(res.status, expected, `${method} ${path}: ${JSON.stringify(res.body)}`);
      assert.equal(typeof res.body.error, 'string');
    }
  });

  // Found by the pass above: a JSON frame that is not an object ("null") threw in the message
  // handler, an unhandled rejection (which ends a Node process) instead of an answer.
  test('a streaming frame that is JSON but not an object is answered, and the socket keeps serving', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const ws = new WebSocket(`${env.server.url.replace('http', 'ws')}/api/v1/streaming?access_token=${me.token}`);
    const answers: string[] = [];
    ws.on('message', (data) => answers.push(String(data)));
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    for (const frame of ['null', '1', '"subscribe"', '[]', 'true']) ws.send(frame);
    ws.send(JSON.stringify({ type: 'fuzz-done' }));
    await waitFor(() => answers.some((a) => a.includes('Unknown message type')), { what: () => `the last answer; got ${JSON.stringify(answers)}` });
    assert.equal(answers.filter((a) => JSON.parse(a).status === 400).length, 6, JSON.stringify(answers));
    ws.close();
  });
});
