import net from 'node:net';
import path from 'node:path';
import type { PostgresLimits } from './db/postgres-pool.js';

export interface RateLimitConfig {
  /** Requests allowed per window for one account (or one IP when signed out). */
  perWindow: number;
  /** Sign-ups allowed per window from one IP. */
  registrationsPerWindow: number;
  windowSeconds: number;
  /**
   * The status prober's account (its username): its requests get `probePerWindow` instead, so
   * the status page keeps probing however busy the instance is. Unset: no account is special.
   */
  probeAccount?: string;
  probePerWindow?: number;
}

/**
 * Failed sign-ins (the sign-in page and the password grant alike) allowed per window: per
 * account (or per unknown login), then the account is locked out until the window ends, right
 * password or not; and per IP, so one address cannot try many accounts.
 */
export interface LoginLimitConfig {
  failuresPerAccount: number;
  accountWindowSeconds: number;
  failuresPerIp: number;
  ipWindowSeconds: number;
}

/**
 * Which peers may say who the client is (X-Forwarded-For): none (false), the nearest N hops, or
 * the proxies at these addresses/CIDRs (Fastify's trustProxy, proxy-addr's syntax).
 */
export type TrustProxy = false | number | string[];

/** Streaming limits (0: none). Counted per process: with N processes a client may reach N times as many. */
export interface StreamLimits {
  /** Streams one WebSocket may be subscribed to at once. */
  subscriptionsPerSocket: number;
  /** Open streams (WebSocket and SSE together) per access token, per account, per client address. */
  connectionsPerToken: number;
  connectionsPerAccount: number;
  connectionsPerIp: number;
}

export type RegistrationsMode = 'open' | 'approval' | 'closed';
export const REGISTRATIONS_MODES: RegistrationsMode[] = ['open', 'approval', 'closed'];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  /** Who may sign up: anyone, anyone once a moderator approves, or only holders of an invite. */
  registrations: RegistrationsMode;
  /** smtp(s)://user:pass@host:port to send email (confirmation, password reset, warnings); unset: no email. */
  smtpUrl?: string;
  /** The From of every email (SMTP_FROM). */
  mailFrom: string;
  maxPostLength: number;
  /** Code points a post's text may have at all, checked before it is parsed (links weigh 23). */
  maxPostRawLength: number;
  statusPageUrl: string;
  rateLimit: RateLimitConfig;
  loginLimits: LoginLimitConfig;
  trustProxy: TrustProxy;
  logLevel: string;
  /** postgres://… to store everything in PostgreSQL; unset keeps the embedded SQLite file. */
  databaseUrl?: string;
  /** redis://… to share timelines, rate limits and events between processes. */
  redisUrl?: string;
  /** Prefix for every Redis key, so several Sirbs (or test runs) can share one Redis. */
  redisPrefix: string;
  /** How long a Redis command may take, and when the Redis circuit breaker opens and probes (db/redis-breaker.ts). */
  redisBreaker: { commandTimeoutMs: number; failures: number; probeEveryMs: number };
  /** App processes to run (Node cluster); more than one needs REDIS_URL. */
  workers: number;
  /** Check every answer against its route's response schema (tests; http/response-check.ts). */
  checkResponses: boolean;
  streamLimits: StreamLimits;
  /**
   * Web Push endpoints on private or loopback addresses, over plain http (tests and closed
   * networks only): otherwise a subscription could make the server post to its own network.
   */
  pushPrivateEndpoints: boolean;
  /**
   * Profile links verified (rel=me) on private or loopback addresses, over plain http (tests and
   * closed networks only): otherwise a profile field could make the server fetch from its own network.
   */
  verifyPrivateLinks: boolean;
  /**
   * Origins (host:port) whose pages preview cards may be fetched from although they are on a
   * private address or another port than 80/443 (SIRB_CARDS_ALLOW_PRIVATE_NETWORKS, a comma
   * list, or "*" for any; tests and closed networks only). Empty: public addresses only.
   */
  cardsAllowedOrigins: string[];
  /** The whole of a preview card's fetch (page, oEmbed, image each), in ms (SIRB_CARDS_TIMEOUT_MS, 5000). */
  cardsTimeoutMs: number;
  /** Hosts whose pages are fetched from a fixed address rather than DNS, as curl's --resolve (SIRB_CARDS_RESOLVE="host=address,…"). */
  cardsResolve: Record<string, string>;
  /** Where /healthz asks the status service how it is (unset: not reported). */
  statusServiceUrl?: string;
  /** Bounds on the PostgreSQL pool: timeouts, queue, shedding (db/postgres-pool.ts). */
  postgresLimits: PostgresLimits;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** SIRB_TRUST_PROXY: unset/"false"/"0" (none), a hop count, or a comma list of IPs and CIDRs. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false' || value === 'none') return false;
  if (/^[0-9]+$/.test(value)) return Number(value) === 0 ? false : Number(value);
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const version = net.isIP(address);
    const validBits = bits === undefined || (/^[0-9]{1,3}$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32));
    if (!PROXY_NAMES.includes(entry) && (version === 0 || !validBits || extra !== undefined)) {
      throw new Error(`SIRB_TRUST_PROXY must be a hop count or a comma list of IP addresses/CIDRs (or loopback, linklocal, uniquelocal), got "${raw}"`);
    }
  }
  return entries;
}

function postgresLimitsFromEnv(env: NodeJS.ProcessEnv): PostgresLimits {
  const statementTimeoutMs = intFromEnv(env, 'SIRB_DB_STATEMENT_TIMEOUT_MS', 10_000);
  return {
    poolMax: Math.max(intFromEnv(env, 'SIRB_DB_POOL_MAX', 10), 1),
    connectTimeoutMs: intFromEnv(env, 'SIRB_DB_CONNECT_TIMEOUT_MS', 2000),
    statementTimeoutMs,
    // A little longer than the server's own limit, which then answers first when it can.
    queryTimeoutMs: intFromEnv(env, 'SIRB_DB_QUERY_TIMEOUT_MS', statementTimeoutMs ? statementTimeoutMs + 2000 : 0),
    maxQueueWaitMs: intFromEnv(env, 'SIRB_DB_MAX_QUEUE_WAIT_MS', 5000),
    maxWaiting: intFromEnv(env, 'SIRB_DB_MAX_WAITING', 2000),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intFromEnv(env, 'PORT', 3000);
  const host = env.HOST ?? '0.0.0.0';
  const registrations = (env.SIRB_REGISTRATIONS ?? 'open').toLowerCase();
  if (!(REGISTRATIONS_MODES as string[]).includes(registrations)) {
    throw new Error(`SIRB_REGISTRATIONS must be "open", "approval" or "closed", got "${env.SIRB_REGISTRATIONS}"`);
  }
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const statusPort = intFromEnv(env, 'STATUS_PORT', 3001);
  const maxPostLength = intFromEnv(env, 'SIRB_MAX_POST_LENGTH', 280);
  const perWindow = intFromEnv(env, 'SIRB_RATE_LIMIT', 300);
  return {
    port,
    host,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    publicUrl,
    registrations: registrations as RegistrationsMode,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.SMTP_FROM || `Sirb <noreply@${new URL(publicUrl).hostname}>`,
    maxPostLength,
    // Ten times the weighted limit: room for a post at the limit made of long links (23 each).
    maxPostRawLength: Math.max(intFromEnv(env, 'SIRB_MAX_POST_RAW_LENGTH', maxPostLength * 10), maxPostLength),
    statusPageUrl: (env.STATUS_PAGE_URL ?? `http://localhost:${statusPort}`).replace(/\/+$/, ''),
    rateLimit: {
      perWindow,
      registrationsPerWindow: intFromEnv(env, 'SIRB_REGISTRATION_RATE_LIMIT', 5),
      windowSeconds: intFromEnv(env, 'SIRB_RATE_LIMIT_WINDOW_S', 300),
      probeAccount: env.SIRB_PROBE_ACCOUNT?.trim().replace(/^@/, '') || undefined,
      probePerWindow: intFromEnv(env, 'SIRB_PROBE_RATE_LIMIT', perWindow * 10),
    },
    // Mastodon's sign-in throttles: 25 per IP per 5 minutes, 25 per account per hour.
    loginLimits: {
      failuresPerAccount: intFromEnv(env, 'SIRB_LOGIN_FAILURES_PER_ACCOUNT', 25),
      accountWindowSeconds: intFromEnv(env, 'SIRB_LOGIN_ACCOUNT_WINDOW_S', 3600),
      failuresPerIp: intFromEnv(env, 'SIRB_LOGIN_FAILURES_PER_IP', 25),
      ipWindowSeconds: intFromEnv(env, 'SIRB_LOGIN_IP_WINDOW_S', 300),
    },
    trustProxy: parseTrustProxy(env.SIRB_TRUST_PROXY),
    logLevel: env.LOG_LEVEL ?? 'info',
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX ?? 'sirb:',
    redisBreaker: {
      commandTimeoutMs: intFromEnv(env, 'REDIS_COMMAND_TIMEOUT_MS', 1000),
      failures: intFromEnv(env, 'REDIS_BREAKER_FAILURES', 3),
      probeEveryMs: intFromEnv(env, 'REDIS_PROBE_MS', 1000),
    },
    workers: Math.max(intFromEnv(env, 'WORKERS', 1), 1),
    checkResponses: ['1', 'true'].includes(env.SIRB_CHECK_RESPONSES ?? ''),
    // Mastodon sets none; these leave room for many browser tabs (one socket each, one token).
    streamLimits: {
      subscriptionsPerSocket: intFromEnv(env, 'SIRB_STREAM_MAX_SUBSCRIPTIONS', 100),
      connectionsPerToken: intFromEnv(env, 'SIRB_STREAM_MAX_PER_TOKEN', 50),
      connectionsPerAccount: intFromEnv(env, 'SIRB_STREAM_MAX_PER_ACCOUNT', 100),
      connectionsPerIp: intFromEnv(env, 'SIRB_STREAM_MAX_PER_IP', 200),
    },
    pushPrivateEndpoints: ['1', 'true'].includes(env.SIRB_PUSH_PRIVATE_ENDPOINTS ?? ''),
    verifyPrivateLinks: ['1', 'true'].includes(env.SIRB_VERIFY_PRIVATE_LINKS ?? ''),
    cardsAllowedOrigins: (env.SIRB_CARDS_ALLOW_PRIVATE_NETWORKS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    cardsTimeoutMs: Math.max(intFromEnv(env, 'SIRB_CARDS_TIMEOUT_MS', 5000), 1),
    cardsResolve: Object.fromEntries((env.SIRB_CARDS_RESOLVE ?? '').split(',').map((pair) => pair.trim().split('=')).filter((pair) => pair.length === 2 && pair[0] && pair[1]).map(([host, address]) => [host.toLowerCase(), address])),
    statusServiceUrl: env.SIRB_STATUS === 'off' && !env.STATUS_INTERNAL_URL ? undefined : statusServiceUrl(env),
    postgresLimits: postgresLimitsFromEnv(env),
  };
}

/** The status service as this machine reaches it: STATUS_INTERNAL_URL, else the port `npm start` gives it. */
export function statusServiceUrl(env: NodeJS.ProcessEnv): string {
  if (env.STATUS_INTERNAL_URL) return env.STATUS_INTERNAL_URL.replace(/\/+$/, '');
  const host = env.STATUS_HOST ?? env.HOST ?? '0.0.0.0';
  const reachable = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${reachable}:${intFromEnv(env, 'STATUS_PORT', 3001)}`;
}
