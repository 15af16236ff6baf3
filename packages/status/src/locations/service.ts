// Probe locations: the service's own prober ("local") plus every probe agent that pushes signed
// results. Each location's components are judged with the same hysteresis as the local prober's;
// the page's verdict per component is the quorum of the fresh locations (quorum.ts).
import { COMPONENT_IDS, type ComponentId, type ComponentStatus } from '../components/catalog.js';
import { ComponentHealth, type HealthOptions } from '../components/health.js';
import type { ProbeRecord } from '../components/store.js';
import { StatusError } from '../http/errors.js';
import type { StatusDb } from '../store/database.js';
import type { LocationsConfig } from './config.js';
import { decideQuorum, type LocationInput, type QuorumResult } from './quorum.js';
import { insertLocationProbes, recentLocationProbes } from './store.js';
import { verifyAgentPush } from './signature.js';

export const LOCAL_ID = 'local';

interface LocationState {
  name: string;
  /** When the service last heard from it (ms); null before the first result. */
  lastSeen: number | null;
  intervalMs: number;
  /** How long one of its checks may take: a cycle against a hung app lasts that long. */
  timeoutMs: number;
  health: Map<ComponentId, ComponentHealth>;
  last: Map<ComponentId, ProbeRecord>;
}

export type LocationCondition = 'ok' | 'cut_off' | 'stale' | 'no_data';

export interface LocationView {
  id: string;
  name: string;
  kind: 'local' | 'agent';
  state: LocationCondition;
  last_seen: string | null;
  components: { id: ComponentId; status: ComponentStatus; ok: boolean; latency_ms: number; at: string; error: string | null }[];
}

export interface AgentPush {
  location: string;
  interval_s: number;
  timeout_s?: number;
  results: PushedResult[];
  /** Cycles an earlier push could not deliver, oldest first: history, not evidence of now. */
  backlog?: { age_ms: number; results: PushedResult[] }[];
}

type PushedResult = { component: ComponentId; ok: boolean; latency_ms: number; throttled?: boolean; error?: string };

const toRecord = (r: PushedResult, at: number): ProbeRecord => ({ component: r.component, at, ok: r.ok, latencyMs: r.latency_ms, throttled: r.throttled, error: r.error?.slice(0, 300) });

export class LocationService {
  private readonly locations = new Map<string, LocationState>();
  /** Each agent's newest accepted timestamp: an older or equal one is a replay. */
  private readonly lastTimestamp = new Map<string, number>();

  constructor(
    private readonly db: StatusDb,
    private readonly config: LocationsConfig,
    private readonly clock: () => number,
    private readonly localIntervalMs: number,
    private readonly healthOptions: HealthOptions,
  ) {
    this.locations.set(LOCAL_ID, this.newState(config.localName, localIntervalMs));
  }

  private newState(name: string, intervalMs: number): LocationState {
    return { name, lastSeen: null, intervalMs, timeoutMs: 0, health: new Map(), last: new Map() };
  }

  /** Carries each agent's recent results over a restart (the local prober restores its own). */
  async restore(): Promise<void> {
    for (const [id, stored] of await recentLocationProbes(this.db, this.healthOptions.window, this.clock())) {
      if (!this.config.agents.has(id)) continue;
      const state = this.newState(stored.name, this.localIntervalMs);
      state.lastSeen = stored.lastSeen;
      for (const [component, records] of stored.records) {
        const health = new ComponentHealth(this.healthOptions);
        health.restore('operational', []);
        for (const r of records) health.record({ ok: r.ok, latencyMs: r.latencyMs, throttled: r.throttled, at: r.at });
        state.health.set(component, health);
        state.last.set(component, records.at(-1)!);
      }
      this.locations.set(id, state);
      // A push captured before the restart cannot be replayed after it: nothing older than what
      // was last heard is new (an agent whose push is refused keeps it, backlog.ts, and loses nothing).
      this.lastTimestamp.set(id, Math.max(this.lastTimestamp.get(id) ?? 0, stored.lastSeen));
    }
  }

  /** Checks an agent's signature and freshness; throws a 401 saying why not. */
  authenticate(agent: string | undefined, timestampRaw: string | undefined, body: string, signature: string | undefined): { agent: string; timestamp: number } {
    if (!agent || !signature || !timestampRaw) throw new StatusError(401, 'Unsigned: X-Sirb-Agent, X-Sirb-Timestamp and X-Sirb-Signature are required');
    const secret = this.config.agents.get(agent);
    if (!secret) throw new StatusError(401, 'Unknown agent');
    const timestamp = Number(timestampRaw);
    if (!/^\d{1,16}$/.test(timestampRaw)) throw new StatusError(401, 'X-Sirb-Timestamp must be epoch milliseconds');
    if (!verifyAgentPush(secret, timestamp, body, signature)) throw new StatusError(401, 'Bad signature');
    if (Math.abs(this.clock() - timestamp) > this.config.replayWindowMs) throw new StatusError(401, 'Timestamp outside the replay window (check the agent clock)');
    if (timestamp <= (this.lastTimestamp.get(agent) ?? 0)) throw new StatusError(401, 'Replayed push (timestamp not newer than the last one)');
    this.lastTimestamp.set(agent, timestamp);
    return { agent, timestamp };
  }

  /** An authenticated agent's results: stored, and fed to that location's health. */
  async ingest(agent: string, push: AgentPush): Promise<void> {
    const now = this.clock();
    const state = this.locations.get(agent) ?? this.newState(push.location, push.interval_s * 1000);
    state.name = push.location;
    state.intervalMs = push.interval_s * 1000;
    state.timeoutMs = (push.timeout_s ?? 0) * 1000;
    state.lastSeen = now;
    // Stamped with the service's clock: agents' clocks only have to be within the replay window.
    const records: ProbeRecord[] = push.results.map((r) => toRecord(r, now));
    for (const r of records) {
      let health = state.health.get(r.component);
      if (!health) state.health.set(r.component, (health = new ComponentHealth(this.healthOptions)));
      health.record({ ok: r.ok, latencyMs: r.latencyMs, throttled: r.throttled, at: r.at });
      state.last.set(r.component, r);
    }
    this.locations.set(agent, state);
    // What the agent could not deliver earlier is filed at the time it was measured (by age, so
    // the agent's clock does not matter).
    const earlier = (push.backlog ?? []).flatMap((cycle) => cycle.results.map((r) => toRecord(r, now - cycle.age_ms))).filter((r) => r.at < now);
    await insertLocationProbes(this.db, agent, push.location, [...earlier.sort((a, b) => a.at - b.at), ...records]);
  }

  /** The local prober's cycle: its records and its own (hysteresis) statuses. */
  recordLocal(records: ProbeRecord[], statuses: Map<ComponentId, ComponentStatus>): void {
    const state = this.locations.get(LOCAL_ID)!;
    state.lastSeen = this.clock();
    for (const r of records) state.last.set(r.component, r);
    for (const [id, status] of statuses) {
      const health = new ComponentHealth(this.healthOptions);
      health.restore(status, []);
      state.health.set(id, health);
    }
  }

  private fresh(id: string, state: LocationState, now: number): boolean {
    if (id === LOCAL_ID) return state.lastSeen !== null;
    // Missing about three pushes (two when each check runs into its timeout, as against a hung
    // app), and at least 5 s: no longer a voter.
    return state.lastSeen !== null && now - state.lastSeen <= Math.max(3 * state.intervalMs, 2 * (state.intervalMs + state.timeoutMs), 5000);
  }

  private decide(now: number): QuorumResult {
    const inputs: LocationInput[] = [...this.locations].map(([id, s]) => ({
      id,
      fresh: this.fresh(id, s, now),
      statuses: new Map([...s.health].map(([c, h]) => [c, h.status])),
    }));
    return decideQuorum(inputs, this.config.quorum);
  }

  /**
   * What each component shows: the quorum's verdict, or `fallback` (its last known status) where
   * no location may vote (e.g. only the local prober checks it, and the local prober is cut off).
   */
  combine(fallback: Map<ComponentId, ComponentStatus>): Map<ComponentId, ComponentStatus> {
    const { statuses } = this.decide(this.clock());
    return new Map(COMPONENT_IDS.map((id) => [id, statuses.get(id) ?? fallback.get(id) ?? 'operational']));
  }

  present(): LocationView[] {
    const now = this.clock();
    const { cutOff } = this.decide(now);
    return [...this.locations].map(([id, s]) => ({
      id,
      name: s.name,
      kind: id === LOCAL_ID ? 'local' : 'agent',
      state: s.lastSeen === null ? 'no_data' : !this.fresh(id, s, now) ? 'stale' : cutOff.has(id) ? 'cut_off' : 'ok',
      last_seen: s.lastSeen === null ? null : new Date(s.lastSeen).toISOString(),
      components: [...s.last.values()].map((r) => ({
        id: r.component,
        status: s.health.get(r.component)?.status ?? 'operational',
        ok: r.ok,
        latency_ms: Math.round(r.latencyMs),
        at: new Date(r.at).toISOString(),
        error: r.error ?? null,
      })),
    }));
  }
}
