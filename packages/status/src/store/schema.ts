// Kysely table types for the status service's own SQLite file. Times are epoch milliseconds.
import type { Generated } from 'kysely';

export interface KvTable {
  key: string;
  value: string;
}

export interface ComponentTable {
  id: string;
  status: string;
  updated_at: number;
  /** The last probe of this component; null until it is first checked. */
  checked_at: number | null;
}

export interface ProbeResultTable {
  id: Generated<number>;
  component: string;
  at: number;
  ok: number;
  latency_ms: number;
  error: string | null;
}

/** Probe results downsampled to one row per component per hour, kept 90 days. */
export interface ProbeHourlyTable {
  component: string;
  hour: number;
  probes: number;
  failures: number;
  latency_sum: number;
  latency_max: number;
}

export interface ReportTable {
  id: Generated<number>;
  at: number;
  region: string;
  problem: string;
  weight: Generated<number>;
}

export interface IncidentTable {
  id: string;
  kind: string;
  name: string;
  name_ar: string;
  status: string;
  impact: string;
  created_at: number;
  updated_at: number;
  started_at: number;
  monitoring_at: number | null;
  resolved_at: number | null;
  scheduled_for: number | null;
  scheduled_until: number | null;
  /** JSON arrays. */
  components: string;
  regions: string;
  problems: string;
}

export interface IncidentUpdateTable {
  id: string;
  incident_id: string;
  status: string;
  body: string;
  body_ar: string;
  created_at: number;
}

export interface SubscriptionTable {
  id: string;
  url: string;
  secret: string;
  created_at: number;
}

export interface DeliveryTable {
  id: Generated<number>;
  subscription_id: string;
  event: string;
  payload: string;
  attempts: number;
  next_at: number;
  delivered_at: number | null;
  failed_at: number | null;
  last_error: string | null;
}

/** A probe agent's result for one component (see locations/). */
export interface LocationProbeTable {
  id: Generated<number>;
  location: string;
  name: string;
  component: string;
  at: number;
  ok: number;
  latency_ms: number;
  error: string | null;
}

export interface StatusDatabase {
  kv: KvTable;
  components: ComponentTable;
  probe_results: ProbeResultTable;
  probe_hourly: ProbeHourlyTable;
  reports: ReportTable;
  incidents: IncidentTable;
  incident_updates: IncidentUpdateTable;
  subscriptions: SubscriptionTable;
  deliveries: DeliveryTable;
  location_probes: LocationProbeTable;
}
