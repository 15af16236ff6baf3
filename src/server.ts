// Starts one app process: context, HTTP app, listen. Used by main.ts and by tests.
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config.js';
import { createContext, type AppContext, type ContextOptions } from './context.js';
import { buildApp, type BuildOptions } from './app.js';

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config = loadConfig(), options: ContextOptions & BuildOptions = {}): Promise<RunningServer> {
  const ctx = await createContext(config, options);
  const app = await buildApp(ctx, options);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  return {
    app,
    ctx,
    url,
    close: async () => {
      await app.close();
      await ctx.close();
    },
  };
}
