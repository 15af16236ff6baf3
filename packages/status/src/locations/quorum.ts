// Many locations, one verdict. Pure: no I/O, no clock.
//
// A component is in an outage only when a quorum of the locations that check it agree: the
// verdict is the worst status that at least `quorum` of them report (by default a majority). A
// location that cannot reach the app at all (its Website or API checks failing) while the quorum
// says the app answers is "cut off": that is its own network's problem, so none of its results
// count, including those for components only it checks (they keep their last known status). With
// two locations a majority is both: one failing alone is that location's problem.
import { severity, type ComponentId, type ComponentStatus } from '../components/catalog.js';

/** The checks that say whether a location reaches the app at all. */
export const REACHABILITY: readonly ComponentId[] = ['website', 'api'];

export interface LocationInput {
  id: string;
  /** Heard from recently enough to vote (the service's own prober always is). */
  fresh: boolean;
  statuses: Map<ComponentId, ComponentStatus>;
}

export interface QuorumResult {
  /** Per component, the agreed status; absent when no location may vote on it. */
  statuses: Map<ComponentId, ComponentStatus>;
  /** Locations that cannot reach the app while most others can. */
  cutOff: Set<string>;
}

const failing = (s: ComponentStatus | undefined) => s !== undefined && severity(s) >= severity('partial_outage');

function reachesApp(location: LocationInput): boolean | undefined {
  const seen = REACHABILITY.map((id) => location.statuses.get(id)).filter((s) => s !== undefined);
  if (seen.length === 0) return undefined;
  return !seen.some(failing);
}

/** How many of `n` voters must agree: `quorum` when set (never more than there are), else a majority. */
function needed(n: number, quorum: number | undefined): number {
  return Math.min(n, quorum ?? Math.floor(n / 2) + 1);
}

export function decideQuorum(locations: LocationInput[], quorum?: number): QuorumResult {
  const fresh = locations.filter((l) => l.fresh);
  // First: does the app answer at all? A location failing that while the quorum says it does is cut off.
  const reach = fresh.map((l) => [l, reachesApp(l)] as const).filter(([, r]) => r !== undefined);
  const unreachable = reach.filter(([, r]) => !r).length;
  const appUnreachable = reach.length > 0 && unreachable >= needed(reach.length, quorum);
  const cutOff = new Set(appUnreachable ? [] : reach.filter(([, r]) => !r).map(([l]) => l.id));

  // Then every component, among the locations that are not cut off.
  const statuses = new Map<ComponentId, ComponentStatus>();
  const voters = fresh.filter((l) => !cutOff.has(l.id));
  const components = new Set(voters.flatMap((l) => [...l.statuses.keys()]));
  for (const id of components) {
    const votes = voters.map((l) => l.statuses.get(id)).filter((s): s is ComponentStatus => s !== undefined);
    if (votes.length === 0) continue;
    votes.sort((a, b) => severity(b) - severity(a));
    statuses.set(id, votes[needed(votes.length, quorum) - 1]!);
  }
  return { statuses, cutOff };
}
