// `npm start`: the app process, and beside it (as its own process, so it outlives an app
// crash) the status service when it is present.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.js';
import { startServer } from './server.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function startStatusService(dataDir: string, appUrl: string): ChildProcess | undefined {
  const entry = path.join(here, 'status', 'main.ts');
  if (process.env.SIRB_STATUS === 'off' || !fs.existsSync(entry)) return undefined;
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    stdio: 'inherit',
    env: { ...process.env, STATUS_DATA_DIR: process.env.STATUS_DATA_DIR ?? path.join(dataDir, 'status'), APP_URL: process.env.APP_URL ?? appUrl },
  });
  child.on('exit', (code, signal) => {
    if (!shuttingDown) console.error(`status service exited (${signal ?? code})`);
  });
  return child;
}

let shuttingDown = false;

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  const appUrl = `http://127.0.0.1:${config.port}`;
  const status = startStatusService(config.dataDir, appUrl);
  console.log(`Sirb is running at ${config.publicUrl} (data in ${config.dataDir})`);
  const stop = async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    status?.kill('SIGTERM');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
