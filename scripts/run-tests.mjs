#!/usr/bin/env node
// `npm test`: type check, then every *.test.ts under src/, test/ and packages/ with node's own test runner
// (tsx for TypeScript) on the embedded SQLite backend, then the app's tests again on
// PostgreSQL + Redis (SIRB_TEST_BACKEND=postgres), each test server in its own database and
// Redis key prefix. Node 20's --test takes no globs, so the files are listed here.
//   npm test -- search            only files whose path contains "search"
//   SIRB_TEST_BACKENDS=sqlite     skip the PostgreSQL + Redis pass
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : findTests(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

// Tests that do not touch the app's storage run once: pure unit tests next to the code, and the
// workspace packages (packages/status has its own SQLite store whichever backend the app uses).
const backendIndependent = (file) => file.startsWith('src') || file.startsWith('packages');

function reachable(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: 1000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

function runNodeTests(files, backend) {
  return new Promise((resolve) => {
    console.log(`\n=== ${files.length} test files on ${backend === 'postgres' ? 'PostgreSQL + Redis' : 'embedded SQLite'} ===\n`);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, ...files],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, SIRB_TEST_BACKEND: backend, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
    );
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    });
    child.on('close', (code) => {
      const count = (name) => Number(new RegExp(`ℹ ${name} (\\d+)`).exec(tail)?.[1] ?? 0);
      resolve({ code: code ?? 1, passed: count('pass'), failed: count('fail'), skipped: count('skipped') });
    });
  });
}

const filters = process.argv.slice(2);
let files = [...findTests('src'), ...findTests('test'), ...findTests('packages')].sort();
if (filters.length) files = files.filter((f) => filters.some((needle) => f.includes(needle)));
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}

const typecheck = spawnSync('npx', ['tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
if (typecheck.status !== 0) process.exit(typecheck.status ?? 1);
const typecheckStatus = spawnSync('npx', ['tsc', '-p', 'packages/status'], { stdio: 'inherit' });
if (typecheckStatus.status !== 0) process.exit(typecheckStatus.status ?? 1);

const backends = (process.env.SIRB_TEST_BACKENDS ?? 'sqlite,postgres').split(',');
const results = [];
if (backends.includes('sqlite')) results.push(await runNodeTests(files, 'sqlite'));
const appFiles = files.filter((f) => !backendIndependent(f));
if (backends.includes('postgres') && appFiles.length) {
  if ((await reachable(5432)) && (await reachable(6379))) results.push(await runNodeTests(appFiles, 'postgres'));
  else {
    console.error('PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not running: the PostgreSQL + Redis pass cannot run.');
    results.push({ code: 1, passed: 0, failed: 1, skipped: 0 });
  }
}
const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
