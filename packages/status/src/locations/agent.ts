// `npm run status:agent`: a probe agent, a small process to run anywhere (another machine, another
// network, another country). It probes the app's public URL with the service's own checks for the
// parts everybody reaches without an account (Website, API) and pushes signed results to the status
// service, which counts it as one location in its quorum.
//
//   STATUS_URL=https://status.example AGENT_NAME=fra AGENT_LOCATION=Frankfurt AGENT_SECRET=… \
//   APP_URL=https://sirb.example npm run status:agent [-- --every 15]
//
// Results that cannot be pushed are kept (backlog.ts; AGENT_BACKLOG_FILE, by default
// sirb-agent-<name>.backlog.json in the system's temporary directory: it outlives an agent restart,
// not a reboot) and delivered with the next push that gets through, up to an hour of them: a
// status-service outage or an agent restart leaves no hole.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { ProbeRecord } from '../components/store.js';
import { CHECKS } from '../probes/checks.js';
import { AppClient } from '../probes/http.js';
import { runCheck } from '../probes/run-check.js';
import { Backlog } from './backlog.js';
import { AGENT_NAME } from './config.js';
import { AGENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signAgentPush } from './signature.js';

export interface AgentOptions {
  statusUrl: string;
  appUrl: string;
  name: string;
  location: string;
  secret: string;
  intervalMs: number;
  timeoutMs: number;
  /** Where undelivered results are kept across restarts (unset: in memory only). */
  backlogFile?: string;
  log?: (line: string) => void;
}

/** Checks an agent can run from anywhere: they need no probe account. */
export const AGENT_CHECKS = ['website', 'api'] as const;

export function loadAgentOptions(argv: string[], env: NodeJS.ProcessEnv): AgentOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'status-url': { type: 'string' },
      'app-url': { type: 'string' },
      name: { type: 'string' },
      location: { type: 'string' },
      every: { type: 'string' },
    },
  });
  const need = (value: string | undefined, what: string) => {
    if (!value) throw new Error(`probe agent: ${what} is required`);
    return value;
  };
  const name = need(values.name ?? env.AGENT_NAME, 'AGENT_NAME (or --name)');
  if (!AGENT_NAME.test(name)) throw new Error(`probe agent: AGENT_NAME must be a-z, 0-9, _ or - (up to 32), got "${name}"`);
  // The secret comes from the environment or a file, never the command line (visible in ps).
  const secret = env.AGENT_SECRET ?? (env.AGENT_SECRET_FILE ? fs.readFileSync(env.AGENT_SECRET_FILE, 'utf8').trim() : undefined);
  const intervalS = Number(values.every ?? env.PROBE_INTERVAL_S ?? 15);
  if (!Number.isFinite(intervalS) || intervalS < 0.1 || intervalS > 3600) throw new Error(`probe agent: the interval must be 0.1–3600 s, got "${values.every ?? env.PROBE_INTERVAL_S}"`);
  const url = (value: string, what: string) => {
    try {
      return new URL(value).toString().replace(/\/+$/, '');
    } catch {
      throw new Error(`probe agent: ${what} is not a URL: "${value}"`);
    }
  };
  const timeoutMs = Number(env.PROBE_TIMEOUT_MS ?? Math.min(10_000, Math.max(3_000, intervalS * 600)));
  if (!Number.isFinite(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) throw new Error(`probe agent: PROBE_TIMEOUT_MS must be 100–600000, got "${env.PROBE_TIMEOUT_MS}"`);
  return {
    statusUrl: url(need(values['status-url'] ?? env.STATUS_URL, 'STATUS_URL (or --status-url)'), 'STATUS_URL'),
    appUrl: url(need(values['app-url'] ?? env.APP_URL, 'APP_URL (or --app-url), the app\'s public URL'), 'APP_URL'),
    name,
    location: (values.location ?? env.AGENT_LOCATION ?? name).slice(0, 64),
    secret: need(secret, 'AGENT_SECRET (or AGENT_SECRET_FILE)'),
    intervalMs: intervalS * 1000,
    timeoutMs,
    backlogFile: env.AGENT_BACKLOG_FILE ? path.resolve(env.INIT_CWD ?? process.cwd(), env.AGENT_BACKLOG_FILE) : path.join(os.tmpdir(), `sirb-agent-${name}.backlog.json`),
  };
}

export class ProbeAgent {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastPushOk: boolean | undefined;
  private readonly client: AppClient;
  private readonly log: (line: string) => void;
  readonly backlog: Backlog;

  constructor(private readonly options: AgentOptions) {
    this.client = new AppClient(options.appUrl, options.timeoutMs);
    this.log = options.log ?? ((line) => console.log(line));
    this.backlog = new Backlog(options.backlogFile, this.log);
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const started = Date.now();
      this.running = this.cycle().finally(() => this.schedule(Math.max(0, this.options.intervalMs - (Date.now() - started))));
    }, delayMs);
  }

  async probe(): Promise<ProbeRecord[]> {
    const ctx = { client: this.client, token: undefined, accountPending: true, timeoutMs: this.options.timeoutMs };
    const records = await Promise.all(AGENT_CHECKS.map((id) => runCheck(id, () => CHECKS[id](ctx), this.options.timeoutMs, Date.now)));
    return records.filter((r): r is ProbeRecord => r !== null);
  }

  /**
   * One cycle: probe, then push, with whatever earlier pushes could not deliver. A push that
   * fails is logged once per change, and its results are kept for the next one (backlog.ts).
   */
  async cycle(): Promise<void> {
    const measuredAt = Date.now();
    const records = await this.probe();
    const results = records.map((r) => ({ component: r.component, ok: r.ok, latency_ms: Math.round(r.latencyMs), ...(r.throttled ? { throttled: true } : {}), ...(r.error ? { error: r.error } : {}) }));
    const timestamp = Date.now();
    const backlog = this.backlog.pending(timestamp);
    const body = JSON.stringify({
      location: this.options.location,
      interval_s: this.options.intervalMs / 1000,
      timeout_s: this.options.timeoutMs / 1000,
      results,
      ...(backlog.length > 0 ? { backlog } : {}),
    });
    try {
      const response = await fetch(`${this.options.statusUrl}/api/v1/agent/results`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'SirbProbeAgent/1.0',
          [AGENT_HEADER]: this.options.name,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signAgentPush(this.options.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`the status service answered ${response.status} ${text.slice(0, 200)}`);
      if (this.lastPushOk !== true) this.log(`probe agent ${this.options.name}: results accepted (${records.map((r) => `${r.component} ${r.ok ? 'ok' : 'failed'}`).join(', ')})${backlog.length ? `, with ${backlog.length} earlier cycles` : ''}`);
      this.lastPushOk = true;
      this.backlog.clear();
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      if (this.lastPushOk !== false) this.log(`probe agent ${this.options.name}: could not push results to ${this.options.statusUrl}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`);
      this.lastPushOk = false;
      if (results.length > 0) this.backlog.add({ at: measuredAt, results }, Date.now());
    }
  }
}

async function main(): Promise<void> {
  const options = loadAgentOptions(process.argv.slice(2), process.env);
  const agent = new ProbeAgent(options);
  agent.start();
  console.log(`probe agent ${options.name} (${options.location}) is probing ${options.appUrl} and reporting to ${options.statusUrl} every ${options.intervalMs / 1000} s`);
  const shutdown = () => void agent.stop().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
