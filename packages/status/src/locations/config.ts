// Settings for probe locations: which agents may push results (each with its own secret), what the
// service's own prober is called, how fresh a push must be, and how many locations make a quorum.
export interface LocationsConfig {
  /** Agent name → its shared secret. Results from any other name are refused. */
  agents: Map<string, string>;
  /** The status service's own prober's place, shown as one location among the agents ('' = "status host"). */
  localName: string;
  /** A push's timestamp may be at most this far from the service's clock. */
  replayWindowMs: number;
  /** Locations that must agree a component is down; unset: a majority of those reporting it. */
  quorum: number | undefined;
}

export const AGENT_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** STATUS_AGENTS="fra:secret1,sgp:secret2" (secrets of at least 16 characters). */
export function parseAgents(raw: string | undefined): Map<string, string> {
  const agents = new Map<string, string>();
  for (const entry of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const colon = entry.indexOf(':');
    const name = colon > 0 ? entry.slice(0, colon) : '';
    const secret = colon > 0 ? entry.slice(colon + 1) : '';
    if (!AGENT_NAME.test(name) || secret.length < 16 || name === 'local') {
      throw new Error(`STATUS_AGENTS must be comma-separated name:secret pairs (name: a-z, 0-9, _ or -, not "local"; secret: 16 characters or more), got "${entry.replace(/:.*/, ':…')}"`);
    }
    agents.set(name, secret);
  }
  return agents;
}

export function loadLocationsConfig(env: NodeJS.ProcessEnv): LocationsConfig {
  const window = Number(env.STATUS_AGENT_WINDOW_S ?? 60);
  if (!Number.isFinite(window) || window < 1) throw new Error(`STATUS_AGENT_WINDOW_S must be a number ≥ 1, got "${env.STATUS_AGENT_WINDOW_S}"`);
  const quorumRaw = env.STATUS_QUORUM;
  const quorum = quorumRaw === undefined || quorumRaw === '' ? undefined : Number(quorumRaw);
  if (quorum !== undefined && !(Number.isInteger(quorum) && quorum >= 1)) throw new Error(`STATUS_QUORUM must be a whole number ≥ 1, got "${quorumRaw}"`);
  return {
    agents: parseAgents(env.STATUS_AGENTS),
    localName: (env.STATUS_LOCATION ?? '').slice(0, 64),
    replayWindowMs: window * 1000,
    quorum,
  };
}
