// Browser-test harness: a real Sirb server on a fixed port and data dir (so it can be stopped
// and started again mid-test, as in an outage), the built web app, and headless Chromium.
//
// The server is expected to serve web/dist itself (SPA fallback). Until it does, a small front
// server serves web/dist and passes everything else (including WebSocket upgrades) through to
// the API, so the browser still sees one origin; `origin` is whichever of the two is in use.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium, type Browser, type BrowserContextOptions } from 'playwright-core';
import { loadConfig, type Config } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { isolatedBackend, type IsolatedBackend } from '../helpers/backend.js';
import { Api, createApp, createUser, type TestUser } from '../helpers/client.js';
import { closeDroppingConnections, freePort } from '../helpers/server.js';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'web', 'dist');
export const artifacts = path.join(root, 'test-artifacts', 'web');

/** Builds web/dist if missing or stale (the same script `npm start` uses). */
export function ensureWebBuilt(): void {
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-web.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('web build failed');
}

export class Sirb {
  server: RunningServer | null = null;
  port = 0;
  /** SQLite in dataDir, or PostgreSQL + Redis when SIRB_TEST_BACKEND=postgres; kept across restarts. */
  private backend: IsolatedBackend | null = null;
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-web-'));
  constructor(private readonly overrides: Partial<Config> = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    // The port is chosen up front: some presenters copy the public URL when they are built, so
    // it has to be right from the start (and the same across restarts).
    if (!this.port) this.port = await freePort();
    const base = loadConfig({ ...process.env, PORT: String(this.port), PUBLIC_URL: this.url, DATA_DIR: this.dataDir, SIRB_STATUS: 'off' });
    this.backend ??= await isolatedBackend();
    const config: Config = {
      ...base,
      databaseUrl: this.backend.databaseUrl,
      redisUrl: this.backend.redisUrl,
      redisPrefix: this.backend.redisPrefix,
      host: '127.0.0.1',
      statusPageUrl: 'https://status.example.test',
      rateLimit: { perWindow: 100_000, registrationsPerWindow: 100_000, windowSeconds: 300 },
      // Every answer the web app gets is checked against its route's response schema.
      checkResponses: true,
      ...this.overrides,
    };
    this.server = await startServer(config, { logger: false });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await closeDroppingConnections(server);
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.backend?.drop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.svg': 'image/svg+xml', '.png': 'image/png',
};
const API_PREFIXES = ['/api/', '/oauth/', '/assets/', '/media/', '/healthz', '/metrics'];

/** Serves web/dist, passes API paths to the Sirb server; answers 502 when it is down, as a proxy would. */
export async function startFront(api: Sirb): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (API_PREFIXES.some((p) => url.pathname.startsWith(p))) {
      const upstream = http.request({ host: '127.0.0.1', port: api.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end('{"error":"bad gateway"}');
      });
      req.pipe(upstream);
      return;
    }
    const file = path.join(dist, path.normalize(url.pathname));
    const target = file.startsWith(dist) && fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(dist, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream' });
    fs.createReadStream(target).pipe(res);
  });
  server.on('upgrade', (req, socket, head) => {
    const upstream = net.connect(api.port, '127.0.0.1', () => {
      upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The origin the browser should use: the Sirb server itself if it serves the app, else a front. */
export async function appOrigin(api: Sirb): Promise<{ origin: string; close(): Promise<void>; viaFront: boolean }> {
  const res = await fetch(`${api.url}/explore`).catch(() => null);
  const html = res && res.ok ? await res.text() : '';
  if (html.includes('/app-assets/')) return { origin: api.url, close: async () => {}, viaFront: false };
  return { ...(await startFront(api)), viaFront: true };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A browser context already signed in as `user` (the session the OAuth flow would have saved). */
export async function signedInContext(browser: Browser, user: { token: string; id: string; username: string }, locale = 'ar', options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1100, height: 900 }, ...options });
  await context.addInitScript((s) => {
    if (!sessionStorage.getItem('sirb.test.seeded')) {
      localStorage.setItem('sirb.session', JSON.stringify(s));
      sessionStorage.setItem('sirb.test.seeded', '1');
    }
  }, { token: user.token, accountId: user.id, acct: user.username });
  return context;
}

/** What a browser test file runs against: a built web app on a fresh Sirb, its origin, Chromium. */
export interface WebRig {
  sirb: Sirb;
  front: Awaited<ReturnType<typeof appOrigin>>;
  browser: Browser;
}

/** Starts the three; if one fails, closes those already started before throwing. */
export async function startWebRig(overrides: Partial<Config> = {}): Promise<WebRig> {
  ensureWebBuilt();
  const rig: Partial<WebRig> = { sirb: new Sirb(overrides) };
  try {
    await rig.sirb!.start();
    rig.front = await appOrigin(rig.sirb!);
    rig.browser = await launchBrowser();
    return rig as WebRig;
  } catch (error) {
    await closeWebRig(rig);
    throw error;
  }
}

/** Closes what startWebRig opened (each part may be missing when a test file failed early). */
export async function closeWebRig(rig: Partial<WebRig> | undefined): Promise<void> {
  await rig?.browser?.close();
  await rig?.front?.close();
  await rig?.sirb?.dispose();
}

/** A reader following a writer, both signed in through one app: what most browser tests start from. */
export async function readerFollowingWriter(sirb: Sirb): Promise<{ reader: TestUser; writer: TestUser }> {
  const api = new Api(sirb.url);
  const app = await createApp(api);
  const reader = await createUser(api, undefined, app);
  const writer = await createUser(api, undefined, app);
  const follow = await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
  if (follow.status !== 200) throw new Error(`follow answered ${follow.status}`);
  return { reader, writer };
}
