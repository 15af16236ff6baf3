// `npm start`: the app, and beside it (as its own process, so it outlives an app crash) the
// status service, the @sirb/status package in packages/status; the two share nothing but HTTP.
// With WORKERS=N the app runs as N processes (Node cluster) sharing the port; they share all
// state through PostgreSQL and Redis.
import cluster from 'node:cluster';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, statusServiceUrl, type Config } from './config.js';
import { startServer } from './server.js';
import { openDatabase, migrateToLatest } from './db/database.js';
import { StatusSupervisor } from './lifecycle/status-supervisor.js';
import { drainAndClose, drainTimeoutFromEnv } from './lifecycle/graceful-shutdown.js';
import { WorkerPool } from './lifecycle/worker-pool.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let shuttingDown = false;

function startStatusService(dataDir: string, appUrl: string, publicUrl: string): StatusSupervisor | undefined {
  const entry = path.join(here, '..', 'packages', 'status', 'src', 'main.ts');
  if (process.env.SIRB_STATUS === 'off') return undefined;
  if (!fs.existsSync(entry)) {
    console.error(`status service not started: ${entry} is missing (SIRB_STATUS=off silences this)`);
    return undefined;
  }
  const statusDataDir = path.resolve(process.env.INIT_CWD ?? process.cwd(), process.env.STATUS_DATA_DIR ?? path.join(dataDir, 'status'));
  // Restarted when it dies; an orphan left by an earlier app is replaced (lifecycle/status-supervisor.ts).
  const supervisor = new StatusSupervisor({
    entry,
    // PUBLIC_URL: where people reach the app (it defaults to http://localhost:PORT, not the probed
    // 127.0.0.1), the origin the service takes the app's reports from and its "Go to Sirb" link.
    env: { ...process.env, STATUS_DATA_DIR: statusDataDir, APP_URL: process.env.APP_URL ?? appUrl, PUBLIC_URL: process.env.PUBLIC_URL ?? publicUrl },
    dataDir: statusDataDir,
    healthUrl: `${statusServiceUrl(process.env)}/healthz`,
  });
  void supervisor.start();
  return supervisor;
}

function onSignals(stop: () => Promise<void>): void {
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

async function runWorker(config: Config): Promise<void> {
  const server = await startServer(config);
  onSignals(async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    await drainAndClose(server);
    process.exit(0);
  });
}

async function runPrimary(config: Config): Promise<void> {
  if (config.workers > 1 && !config.redisUrl) {
    throw new Error('WORKERS > 1 needs REDIS_URL: the processes share streaming, timelines and rate limits through Redis');
  }
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let workers: WorkerPool | undefined;
  if (config.workers > 1) {
    // Migrate once here, so the workers do not race to.
    const db = openDatabase(config);
    await migrateToLatest(db);
    await db.close();
    workers = new WorkerPool(config.workers, drainTimeoutFromEnv());
    workers.start();
    // A rolling restart (new code, one worker at a time): `kill -HUP <primary pid>`.
    process.on('SIGHUP', () => void workers!.rollingRestart());
  } else {
    server = await startServer(config);
  }
  // The status service probes the app as a client would, on the address the app listens on.
  const probeHost = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const status = startStatusService(config.dataDir, `http://${probeHost}:${config.port}`, config.publicUrl);
  const store = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  console.log(`Sirb is running at ${config.publicUrl} (${config.workers} process${config.workers > 1 ? 'es' : ''}, ${store}${config.redisUrl ? ' + Redis' : ''})`);
  onSignals(async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    const statusExited = status?.stop() ?? Promise.resolve();
    await Promise.all([workers?.stop(), server && drainAndClose(server)]);
    // Let the status service close its store cleanly, but never hang on it.
    await Promise.race([statusExited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    process.exit(0);
  });
}

// Everything this process and its children create (the database, media, the status service's
// store with the probe's password and webhook secrets) is readable by this user only.
process.umask(0o077);
const config = loadConfig();
(cluster.isPrimary ? runPrimary(config) : runWorker(config)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
