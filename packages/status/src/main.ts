// The status service: its own process, its own SQLite file, its own port (STATUS_PORT, 3001).
// `npm run status:start` (or `npm start -w @sirb/status`) runs it alone; the app's src/main.ts
// launches it beside the app as a child process; tests call startStatusService() in-process.
import { pathToFileURL } from 'node:url';
import { createFastify, installStatusRoutes } from './app.js';
import { loadStatusConfig, type StatusConfig } from './config.js';
import { createStatusContext, type StatusContext } from './context.js';
import { removePidFile, writePidFile } from './pid-file.js';

export interface StatusServiceOptions extends Partial<StatusConfig> {
  /** Start the probe loop and webhook deliveries (default true). */
  background?: boolean;
  clock?: () => number;
}

export interface RunningStatusService {
  url: string;
  port: number;
  ctx: StatusContext;
  stop(): Promise<void>;
}

export async function startStatusService(options: StatusServiceOptions = {}): Promise<RunningStatusService> {
  const { background = true, clock, ...overrides } = options;
  const config: StatusConfig = { ...loadStatusConfig(), ...overrides };
  const app = createFastify({ logLevel: config.logLevel, trustProxy: config.trustProxy });
  let url = '';
  const ctx = await createStatusContext(config, app.log, () => url, clock);
  await installStatusRoutes(app, ctx);
  await ctx.reports.start();
  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as { port: number }).port;
  // Listening on every interface: print (and link with) an address that works from this machine.
  url = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;
  if (background) ctx.startBackground();
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    ctx,
    stop() {
      stopped ??= (async () => {
        await ctx.stopBackground();
        await app.close();
        await ctx.db.close();
      })();
      return stopped;
    },
  };
}

async function main(): Promise<void> {
  // A bad setting stops the service with one line naming the variable and what it may be, not a
  // stack trace: whoever started it (or the app's supervisor log) reads what to fix.
  let config: StatusConfig;
  try {
    config = loadStatusConfig();
  } catch (error) {
    console.error(`Sirb status service: ${(error as Error).message}`);
    process.exit(1);
  }
  const service = await startStatusService(config);
  const pidFile = writePidFile(service.ctx.config.dataDir, service.port);
  process.once('exit', () => removePidFile(pidFile));
  console.log(`Sirb status service is running at ${service.url} (probing ${service.ctx.config.appUrl} every ${service.ctx.config.probeIntervalMs / 1000} s, data in ${service.ctx.config.dataDir})`);
  const shutdown = (signal: string) => {
    service
      .stop()
      .then(() => process.exit(0))
      .catch((error) => {
        console.error(`status service: error while stopping on ${signal}`, error);
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
