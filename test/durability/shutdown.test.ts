// Issue 13: graceful shutdown and rolling restarts, on real processes. SIGTERM stops accepting,
// lets a request already in progress finish, closes WebSocket streams with 1012 (service restart)
// and ends SSE streams cleanly, and exits within its drain limit even when a client never
// finishes its request. With WORKERS=2, SIGHUP to the primary replaces the workers one at a time
// while clients post and read: every request is answered with a 2xx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { Api, createApp, createUser } from '../helpers/client.js';
import { sharedBackendProcesses } from '../helpers/process.js';
import { openStream } from '../helpers/stream.js';
import { waitFor } from '../helpers/wait.js';
import { CHAOS_ENV } from '../helpers/write-chaos.js';

const processes = sharedBackendProcesses('sirb-shutdown-');

/** A request whose body is sent in two halves, the second when `finish` is called. */
function slowPost(url: string, token: string, status: string) {
  const body = Buffer.from(JSON.stringify({ status }));
  const { hostname, port } = new URL(url);
  const req = http.request({ hostname, port, method: 'POST', path: '/api/v1/statuses', agent: false, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': body.length } });
  const answered = new Promise<{ status: number; body: any } | Error>((resolve) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      res.on('error', resolve);
    });
    req.on('error', resolve);
  });
  req.write(body.subarray(0, 10));
  req.flushHeaders();
  return { answered, finish: () => req.end(body.subarray(10)) };
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });

test('SIGTERM drains the request in progress, closes streams with a reconnect hint and exits in bounded time', { timeout: 600_000 }, async () => {
  const app = await processes.start({ ...CHAOS_ENV, SIRB_DRAIN_TIMEOUT_MS: '8000' });
  const port = Number(new URL(app.url).port);
  const api = new Api(app.url);
  const user = await createUser(api, undefined, await createApp(api));

  const socket = openStream(app, `stream=user&access_token=${user.token}`);
  await socket.settled();
  const socketClosed = new Promise<number>((resolve) => socket.ws.once('close', (code) => resolve(code)));
  const sse = await fetch(`${app.url}/api/v1/streaming/user`, { headers: { authorization: `Bearer ${user.token}` } });
  assert.equal(sse.status, 200);
  const reader = sse.body!.getReader();
  const sseEnded = (async () => {
    for (;;) if ((await reader.read()).done) return 'ended';
  })().catch((error: Error) => `cut: ${error.message}`);

  const inProgress = slowPost(app.url, user.token, 'كُتب قبل الإيقاف وأُكمل أثناءه');
  const stuck = slowPost(app.url, user.token, 'لن يكتمل أبدًا');
  // Both requests reach the server before the signal: connections are accepted in the order they
  // were opened, so once requests opened after them are answered (twice, for the headers already
  // sent to have been read), theirs are in progress.
  for (let i = 0; i < 2; i++) assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  const exited = new Promise<number | null>((resolve) => app.child.once('exit', (code) => resolve(code)));
  const signalled = Date.now();
  app.child.kill('SIGTERM');

  assert.equal(await socketClosed, 1012, 'WebSocket closed with 1012 (service restart)');
  assert.equal(await sseEnded, 'ended', 'the SSE response ended cleanly');
  await waitFor(() => refused(port), { timeout: 20_000, interval: 50, what: 'the port to refuse new connections' });
  inProgress.finish();
  const answer = await inProgress.answered;
  assert.ok(!(answer instanceof Error), `the request in progress was cut: ${answer}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));

  const code = await exited;
  const took = Date.now() - signalled;
  assert.equal(code, 0);
  assert.ok(took < 8000 + 30_000, `exited ${took} ms after SIGTERM, though the drain is bounded to 8 s`);
  assert.ok((await stuck.answered) instanceof Error, 'the request that never finished was cut at the drain limit');

  // The post answered during the drain is there after a restart.
  const again = await processes.start(CHAOS_ENV);
  assert.equal((await new Api(again.url).get(`/api/v1/statuses/${answer.body.id}`)).status, 200);
  await again.kill('SIGTERM');
});

/** Plain HTTP/1.1 without keep-alive: each request on its own connection, as the test counts them. */
function call(url: string, method: string, path: string, token: string, body?: unknown) {
  const { hostname, port } = new URL(url);
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = http.request({ hostname, port, method, path, agent: false, headers: { authorization: `Bearer ${token}`, ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
      res.on('error', reject);
    });
    req.on('error', reject);
    // A connection nobody answers is a failure to report, not a wait until the test's timeout.
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer in 60 s to ${method} ${path}`)));
    req.end(data);
  });
}

function workerPids(primary: number): number[] {
  return fs.readFileSync(`/proc/${primary}/task/${primary}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

// It used to fail: a few posts answered 500 ("UNIQUE constraint failed: statuses.id") while the
// workers were replaced, two processes having minted the same snowflake id in one millisecond;
// each worker now has its own id slot (lib/ids.ts, lifecycle/worker-pool.ts).
test('SIGHUP restarts the workers one at a time and no request under load fails', { timeout: 900_000 }, async () => {
  const app = await processes.start({ ...CHAOS_ENV, WORKERS: '2' });
  const primary = app.child.pid!;
  const api = new Api(app.url);
  const users = [await createUser(api, undefined, await createApp(api)), await createUser(api, undefined, await createApp(api))];
  const before = await waitFor(() => (workerPids(primary).length === 2 ? workerPids(primary) : null), { timeout: 300_000, what: 'two workers' });

  let running = true;
  const outcomes = { ok: 0, failed: [] as string[], posted: [] as string[] };
  const clients = [0, 1, 2, 3].map(async (n) => {
    const user = users[n % 2];
    for (let i = 0; running; i++) {
      const posting = i % 2 === 0;
      const res = await (posting
        ? call(app.url, 'POST', '/api/v1/statuses', user.token, { status: `أثناء التبديل ${n}-${i}` })
        : call(app.url, 'GET', '/api/v1/timelines/home', user.token)
      ).catch((error: Error) => error);
      if (res instanceof Error) outcomes.failed.push(`${posting ? 'POST' : 'GET'}: ${res.message}`);
      else if (res.status < 200 || res.status > 299) outcomes.failed.push(`${posting ? 'POST' : 'GET'}: ${res.status} ${JSON.stringify(res.body)}`);
      else {
        outcomes.ok++;
        if (posting) outcomes.posted.push(res.body.id);
      }
    }
  });
  try {
    await waitFor(() => outcomes.ok > 20, { timeout: 300_000, what: () => `the load to run (${outcomes.ok} answered, failures: ${outcomes.failed.slice(0, 3)})` });
    process.kill(primary, 'SIGHUP');
    await waitFor(
      () => {
        const now = workerPids(primary);
        return now.length === 2 && now.every((pid) => !before.includes(pid));
      },
      { timeout: 600_000, interval: 100, what: () => `both workers replaced (before ${before}, now ${workerPids(primary)})` },
    );
    const afterRestart = outcomes.ok;
    await waitFor(() => outcomes.ok > afterRestart + 20, { timeout: 300_000, what: 'the new workers to serve' });
  } finally {
    // Also when a wait fails: clients left running would keep the test process alive.
    running = false;
    await Promise.all(clients);
  }

  assert.deepEqual(outcomes.failed, [], 'requests failed during the rolling restart');
  for (const id of outcomes.posted) assert.equal((await api.get(`/api/v1/statuses/${id}`)).status, 200, `post ${id} is missing`);
  await app.kill('SIGTERM');
});
