#!/usr/bin/env node
// `npm test`: type check (the server, the web app and the status service), then every *.test.ts under src/, test/ and packages/
// with node's own test runner (tsx for TypeScript) on the embedded SQLite backend, then the app's
// tests again on PostgreSQL + Redis (SIRB_TEST_BACKEND=postgres), each test server in its own
// database and Redis key prefix. The files are listed here (not left to --test's own globs) so
// they can be filtered and split by backend.
//   npm test -- search            only files whose path contains "search"
//   SIRB_TEST_BACKENDS=sqlite     skip the PostgreSQL + Redis pass
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

process.chdir(path.resolve(import.meta.dirname, '..'));

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

const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1);

// CPU seconds used by this script's finished children and theirs (Linux: /proc/self/stat's cutime
// + cstime, in USER_HZ = 1/100 s). On a shared machine the wall clock mostly measures the
// neighbours; this does not (it leaves out PostgreSQL's and Redis's own processes).
function childCpuSeconds() {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}
const cpuSince = (before) => {
  const used = childCpuSeconds() - before;
  return Number.isNaN(used) ? '' : `, ${used.toFixed(1)} s of CPU`;
};

/** Runs a command to its end, its output passed through; resolves to its exit code. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

// --test-force-exit: a test file whose tests have all finished but whose process keeps a handle
// open (seen with the chaos tests' proxies) ends instead of holding the whole run until CI's limit.
function runNodeTests(files, backend) {
  const label = backend === 'postgres' ? 'PostgreSQL + Redis' : 'embedded SQLite';
  const started = performance.now();
  const cpuBefore = childCpuSeconds();
  return new Promise((resolve) => {
    console.log(`\n=== ${files.length} test files on ${label} ===\n`);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-force-exit', '--test-reporter=spec', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, ...files],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, SIRB_TEST_BACKEND: backend, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
    );
    // The runner's summary lines (ℹ pass N …) come before the failures are listed again, which
    // can be any length: they are picked out line by line as they pass.
    const counts = {};
    // The runner lists the failures again at its end: kept, to be listed once more after both
    // passes, where a CI log's tail shows them (the first pass's list is far above it).
    const failures = [];
    let inFailures = false;
    let partial = '';
    child.stdout.setEncoding('utf8'); // a chunk may end inside a character
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        const summary = /^ℹ (pass|fail|cancelled|skipped) (\d+)$/.exec(line.trim());
        if (summary) counts[summary[1]] = Number(summary[2]);
        if (line.trim() === '✖ failing tests:') inFailures = true;
        else if (inFailures && failures.length < 150) failures.push(line);
      }
    });
    child.on('close', (code) => {
      const count = (name) => counts[name] ?? 0;
      // A test cut off by its timeout is "cancelled" to the runner: a failure all the same.
      const failed = count('fail') + count('cancelled');
      console.log(`\n=== ${label}: ${count('pass')} passed, ${failed} failed in ${seconds(started)} s${cpuSince(cpuBefore)} ===`);
      resolve({ label, code: code ?? 1, passed: count('pass'), failed, skipped: count('skipped'), failures });
    });
  });
}

const filters = process.argv.slice(2);
let files = fs.globSync('{src,test,packages}/**/*.test.ts', { exclude: ['**/node_modules/**', '**/fixtures/**'] }).sort();
if (filters.length) files = files.filter((f) => filters.some((needle) => f.includes(needle)));
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}

// The type checks are independent, so they run side by side.
const typecheckStarted = performance.now();
const typecheckCpu = childCpuSeconds();
const typechecks = await Promise.all([run('npx', ['tsc', '--noEmit', '-p', '.']), run('npx', ['tsc', '--noEmit', '-p', 'web/tsconfig.json']), run('npx', ['tsc', '--noEmit', '-p', 'packages/status'])]);
if (typechecks.some((code) => code !== 0)) process.exit(1);
console.log(`=== type check (server, web app, status service) in ${seconds(typecheckStarted)} s${cpuSince(typecheckCpu)} ===`);

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
for (const r of results) {
  if (!r.failures?.length) continue;
  console.log(`\n=== failing on ${r.label} ===`);
  console.log(r.failures.filter((line) => line.trim()).join('\n'));
}
const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
