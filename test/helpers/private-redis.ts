// A redis-server of the test's own, on a free port, for outages: killed, restarted, hung
// (SIGSTOP) and resumed without touching the Redis every other test and CI share. With
// `persist`, its data is saved on `kill` and loaded again on `start`, as a Redis with
// persistence would come back (what it held before the outage, not what happened during it).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './server.js';
import { waitFor } from './wait.js';

export interface PrivateRedis {
  url: string;
  /** Starts it (again), on the same port; resolves once it answers PING. */
  start(): Promise<void>;
  /** SAVE (with `persist`), then SIGKILL: the connections drop at once. */
  kill(): Promise<void>;
  /** SIGSTOP: connections stay open and nothing answers. */
  hang(): void;
  /** SIGCONT. */
  resume(): void;
  /** Kills it and removes its files. */
  remove(): Promise<void>;
}

export async function privateRedis(options: { persist?: boolean } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const exited = (proc: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
    });
  const ping = async () => {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
    probe.on('error', () => {});
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  };

  const redis: PrivateRedis = {
    url,
    async start() {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', 'dump.rdb'];
      child = spawn('redis-server', args, { stdio: 'ignore' });
      const started = child;
      await waitFor(
        async () => {
          if (started.exitCode !== null) throw new Error(`redis-server exited (${started.exitCode}); is it installed?`);
          return ping();
        },
        { timeout: 20_000, interval: 50, what: `the private redis-server on port ${port} to answer` },
      );
    },
    async kill() {
      if (!child) return;
      if (options.persist) {
        const admin = new Redis(url, { maxRetriesPerRequest: 0 });
        await admin.save();
        admin.disconnect();
      }
      const dying = exited(child);
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await dying;
      child = undefined;
    },
    hang() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async remove() {
      if (child) {
        const dying = exited(child);
        child.kill('SIGCONT');
        child.kill('SIGKILL');
        await dying;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await redis.start();
  return redis;
}
