#!/usr/bin/env node
// Builds the web app (web/ → web/dist) when it is missing or older than its sources.
// Used by `npm start` (prestart), by the browser tests, and as `npm run build:web -- --force`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist', 'index.html');
// The server's render of home (web/src/entry-server.tsx), loaded by src/web-ssr.ts.
export const SSR_ENTRY = path.join(web, 'dist-ssr', 'entry-server.js');

function newestMtime(target) {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(target, { recursive: true }).map((entry) => fs.statSync(path.join(target, entry)).mtimeMs));
}

export function webIsStale() {
  if (!fs.existsSync(dist)) return true;
  // A build from before precompression (no index.html.br beside index.html) is rebuilt.
  if (!fs.existsSync(`${dist}.br`)) return true;
  if (!fs.existsSync(SSR_ENTRY)) return true;
  const sources = Math.max(
    newestMtime(path.join(web, 'src')),
    newestMtime(path.join(web, 'sw.js')),
    newestMtime(path.join(web, 'public')),
    newestMtime(path.join(web, 'boot.js')),
    newestMtime(path.join(web, 'index.html')),
    newestMtime(path.join(web, 'vite.config.ts')),
  );
  return sources > fs.statSync(dist).mtimeMs;
}

// Test files run in parallel and each makes sure the app is built: one builds, the others wait
// for it (a directory is created atomically, so it serves as the lock) and then find it fresh.
const lockDir = path.join(os.tmpdir(), `sirb-web-build-${crypto.createHash('sha1').update(root).digest('hex').slice(0, 12)}.lock`);
const STALE_LOCK_MS = 120_000;

async function withLock(fn) {
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(lockDir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

export async function buildWeb({ force = false, quiet = false } = {}) {
  return withLock(() => buildUnlocked({ force, quiet }));
}

async function buildUnlocked({ force, quiet }) {
  if (!force && !webIsStale()) {
    if (!quiet) console.log('web app is up to date (web/dist)');
    return false;
  }
  const started = Date.now();
  let build;
  try {
    ({ build } = await import('vite'));
  } catch {
    // A production install (npm ci --omit=dev) has no Vite: start anyway with what is built.
    if (force) throw new Error('Vite is not installed (it is a dev dependency): run npm install first');
    console.warn(`Vite is not installed, so the web app is not rebuilt${fs.existsSync(dist) ? ' (serving the existing web/dist)' : '; the server will say it is missing'}.`);
    return false;
  }
  console.log('Building the web app (web/ → web/dist)…');
  await build({ configFile: path.join(web, 'vite.config.ts'), root: web, logLevel: quiet ? 'warn' : 'info' });
  precompress(path.dirname(dist));
  await build({ configFile: path.join(web, 'vite.config.ts'), root: web, logLevel: quiet ? 'warn' : 'info', build: { ssr: 'src/entry-server.tsx' } });
  console.log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

// Text files are compressed once here, at the highest levels (too slow to do per request), and
// the server sends the .br or .gz beside a file to a browser that accepts it (src/web.ts).
// Fonts and images are compressed formats already.
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;

function precompress(dir) {
  for (const entry of fs.readdirSync(dir, { recursive: true })) {
    const file = path.join(dir, entry);
    if (!COMPRESSIBLE.test(file) || !fs.statSync(file).isFile()) continue;
    const source = fs.readFileSync(file);
    const brotli = zlib.brotliCompressSync(source, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length },
    });
    fs.writeFileSync(`${file}.br`, brotli);
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(source, { level: zlib.constants.Z_BEST_COMPRESSION }));
  }
}

if (import.meta.main) {
  buildWeb({ force: process.argv.includes('--force') }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
