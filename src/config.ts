import path from 'node:path';

export interface RateLimitConfig {
  /** Requests allowed per window for one account (or one IP when signed out). */
  perWindow: number;
  /** Sign-ups allowed per window from one IP. */
  registrationsPerWindow: number;
  windowSeconds: number;
}

/** Streaming limits (0: none). Counted per process: with N processes a client may reach N times as many. */
export interface StreamLimits {
  /** Streams one WebSocket may be subscribed to at once. */
  subscriptionsPerSocket: number;
  /** Open streams (WebSocket and SSE together) per access token, per account, per client address. */
  connectionsPerToken: number;
  connectionsPerAccount: number;
  connectionsPerIp: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  registrations: 'open' | 'closed';
  maxPostLength: number;
  statusPageUrl: string;
  rateLimit: RateLimitConfig;
  logLevel: string;
  /** postgres://… to store everything in PostgreSQL; unset keeps the embedded SQLite file. */
  databaseUrl?: string;
  /** redis://… to share timelines, rate limits and events between processes. */
  redisUrl?: string;
  /** Prefix for every Redis key, so several Sirbs (or test runs) can share one Redis. */
  redisPrefix: string;
  /** App processes to run (Node cluster); more than one needs REDIS_URL. */
  workers: number;
  /** Check every answer against its route's response schema (tests; http/response-check.ts). */
  checkResponses: boolean;
  streamLimits: StreamLimits;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intFromEnv(env, 'PORT', 3000);
  const host = env.HOST ?? '0.0.0.0';
  const registrations = (env.SIRB_REGISTRATIONS ?? 'open').toLowerCase();
  if (registrations !== 'open' && registrations !== 'closed') {
    throw new Error(`SIRB_REGISTRATIONS must be "open" or "closed", got "${env.SIRB_REGISTRATIONS}"`);
  }
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const statusPort = intFromEnv(env, 'STATUS_PORT', 3001);
  return {
    port,
    host,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    publicUrl,
    registrations,
    maxPostLength: intFromEnv(env, 'SIRB_MAX_POST_LENGTH', 280),
    statusPageUrl: (env.STATUS_PAGE_URL ?? `http://localhost:${statusPort}`).replace(/\/+$/, ''),
    rateLimit: {
      perWindow: intFromEnv(env, 'SIRB_RATE_LIMIT', 300),
      registrationsPerWindow: intFromEnv(env, 'SIRB_REGISTRATION_RATE_LIMIT', 5),
      windowSeconds: intFromEnv(env, 'SIRB_RATE_LIMIT_WINDOW_S', 300),
    },
    logLevel: env.LOG_LEVEL ?? 'info',
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX ?? 'sirb:',
    workers: Math.max(intFromEnv(env, 'WORKERS', 1), 1),
    checkResponses: ['1', 'true'].includes(env.SIRB_CHECK_RESPONSES ?? ''),
    // Mastodon sets none; these leave room for many browser tabs (one socket each, one token).
    streamLimits: {
      subscriptionsPerSocket: intFromEnv(env, 'SIRB_STREAM_MAX_SUBSCRIPTIONS', 100),
      connectionsPerToken: intFromEnv(env, 'SIRB_STREAM_MAX_PER_TOKEN', 50),
      connectionsPerAccount: intFromEnv(env, 'SIRB_STREAM_MAX_PER_ACCOUNT', 100),
      connectionsPerIp: intFromEnv(env, 'SIRB_STREAM_MAX_PER_IP', 200),
    },
  };
}
