// The status service's settings, all from the environment (the app's src/main.ts passes its own
// through when it starts this service beside it).
import net from 'node:net';
import path from 'node:path';
import { loadLocationsConfig, type LocationsConfig } from './locations/config.js';

export interface StatusConfig {
  port: number;
  host: string;
  dataDir: string;
  appUrl: string;
  /** Where people reach the app (for links); defaults to appUrl. */
  appPublicUrl: string;
  publicUrl: string | undefined;
  adminToken: string | undefined;
  probeIntervalMs: number;
  probeTimeoutMs: number;
  /** How often the probe really signs in (password grant) instead of reusing its kept token. */
  probeSignInEveryMs: number;
  slowMs: number;
  /** How long every check must keep passing after an outage before its incident is resolved. */
  monitoringMs: number;
  reportLimit: number;
  reportWindowMs: number;
  /**
   * Which peers are proxies whose X-Forwarded-For is believed: false (none, the default), a hop
   * count, or a list of proxy addresses/CIDRs. Believing it from anyone would let one client be
   * any number of reporters.
   */
  trustProxy: false | number | string[];
  /** Weighted distinct reporters a region needs to open an incident while every probe passes. */
  greenReporters: number;
  webhookRetryBaseMs: number;
  webhookMaxAttempts: number;
  /** Deliver webhooks to loopback/private addresses too: for tests and closed networks only. */
  webhookAllowPrivate: boolean;
  logLevel: string;
  pageName: string;
  /** How often an open status page refreshes its content (in place, without a reload). */
  pageRefreshMs: number;
  /** SMTP server for email subscriptions (smtp://, smtps://); unset: no email subscriptions. */
  smtpUrl: string | undefined;
  /** The From of status emails. */
  mailFrom: string;
  /** Probe agents, the local prober's name, quorum (locations/config.ts). */
  locations: LocationsConfig;
}

function num(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return value;
}

/**
 * A TCP port: a whole number from 0 (any free port) or 1 up to 65535. Checked here, since
 * listen() would otherwise stop the service with Node's own RangeError and a stack trace.
 */
function port(env: NodeJS.ProcessEnv, name: string, fallback: number, min: 0 | 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= 65535)) throw new Error(`${name} must be a whole number from ${min} to 65535, got "${raw}"`);
  return value;
}

/** An http(s) URL without its trailing slashes: a typo here would otherwise be probed, fail, and be published as Sirb's outage. */
function httpUrl(name: string, raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new Error(`${name} must be an http(s) URL such as http://127.0.0.1:3000, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

/** STATUS_TRUST_PROXY: unset/0 → none; a number → that many hops; else a comma-separated address/CIDR list. */
export function parseTrustProxy(raw: string | undefined): false | number | string[] {
  const text = (raw ?? '').trim();
  if (text === '' || text === '0') return false;
  if (/^\d+$/.test(text)) return Number(text);
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  const valid = (entry: string) => {
    const [address, bits, extra] = entry.split('/');
    const family = net.isIP(address ?? '');
    if (!family || extra !== undefined) return false;
    return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  };
  if (list.length === 0 || !list.every(valid)) {
    throw new Error(`STATUS_TRUST_PROXY must be a hop count (e.g. 1) or a comma-separated list of proxy addresses/CIDRs (e.g. 10.0.0.0/8,127.0.0.1), got "${raw}"`);
  }
  return list;
}

export function loadStatusConfig(env: NodeJS.ProcessEnv = process.env): StatusConfig {
  const appPort = port(env, 'PORT', 3000, 1);
  const appUrl = httpUrl('APP_URL', env.APP_URL ?? `http://127.0.0.1:${appPort}`);
  const intervalS = num(env, 'PROBE_INTERVAL_S', 15, 0.1);
  // A relative data directory is relative to where the person ran the command: npm runs this
  // package's scripts inside packages/status and says in INIT_CWD where it was started.
  const cwd = env.INIT_CWD ?? process.cwd();
  return {
    port: port(env, 'STATUS_PORT', 3001, 0),
    host: env.STATUS_HOST ?? env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(cwd, env.STATUS_DATA_DIR ?? path.join(env.DATA_DIR ?? './data', 'status')),
    appUrl,
    appPublicUrl: env.PUBLIC_URL ? httpUrl('PUBLIC_URL', env.PUBLIC_URL) : appUrl,
    publicUrl: env.STATUS_PUBLIC_URL ? httpUrl('STATUS_PUBLIC_URL', env.STATUS_PUBLIC_URL) : undefined,
    adminToken: env.STATUS_ADMIN_TOKEN || undefined,
    probeIntervalMs: intervalS * 1000,
    // A probe must finish well inside its interval, but never gets less than 3 s or more than 10 s.
    probeTimeoutMs: num(env, 'PROBE_TIMEOUT_MS', Math.min(10_000, Math.max(3_000, intervalS * 600)), 100),
    probeSignInEveryMs: num(env, 'PROBE_SIGN_IN_EVERY_S', 3600, 1) * 1000,
    slowMs: num(env, 'STATUS_SLOW_MS', 2000, 1),
    // Ten clean probe cycles by default: long enough to trust a recovery, short enough to say so.
    monitoringMs: num(env, 'STATUS_MONITORING_S', intervalS * 10, 0) * 1000,
    reportLimit: num(env, 'STATUS_REPORT_LIMIT', 5, 1),
    reportWindowMs: num(env, 'STATUS_REPORT_WINDOW_S', 600, 1) * 1000,
    trustProxy: parseTrustProxy(env.STATUS_TRUST_PROXY),
    greenReporters: num(env, 'STATUS_GREEN_REPORTERS', 100, 1),
    webhookRetryBaseMs: num(env, 'STATUS_WEBHOOK_RETRY_MS', 10_000, 1),
    webhookMaxAttempts: num(env, 'STATUS_WEBHOOK_MAX_ATTEMPTS', 8, 1),
    webhookAllowPrivate: env.STATUS_WEBHOOK_ALLOW_PRIVATE === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    pageName: env.STATUS_PAGE_NAME ?? 'Sirb',
    pageRefreshMs: num(env, 'STATUS_PAGE_REFRESH_S', 30, 1) * 1000,
    smtpUrl: env.STATUS_SMTP_URL || undefined,
    mailFrom: env.STATUS_MAIL_FROM || env.MAIL_FROM || 'Sirb Status <status@localhost>',
    locations: loadLocationsConfig(env),
  };
}
