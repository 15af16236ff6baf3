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
  /** The postmortem, once written (both languages) and when it was published. */
  postmortem: string | null;
  postmortem_ar: string | null;
  postmortem_at: number | null;
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
  /** JSON array of component ids this webhook is about; empty: every component. */
  components: Generated<string>;
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

export interface IncidentTemplateTable {
  id: string;
  title: string;
  name: string;
  name_ar: string;
  body: string;
  body_ar: string;
  impact: string;
  /** JSON array of component ids. */
  components: string;
  created_at: number;
}

export interface EmailSubscriberTable {
  id: string;
  email: string;
  lang: string;
  /** JSON array of component ids; empty: every component. */
  components: string;
  /** Secret of the confirm and unsubscribe links. */
  token: string;
  confirmed_at: number | null;
  created_at: number;
  /** When the last confirmation email was queued (one an hour at most per address). */
  confirm_sent_at: number | null;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  subscriber_id: string;
  subject: string;
  text: string;
  html: string;
  attempts: number;
  next_at: number;
  sent_at: number | null;
  failed_at: number | null;
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
  incident_templates: IncidentTemplateTable;
  email_subscribers: EmailSubscriberTable;
  email_outbox: EmailOutboxTable;
  location_probes: LocationProbeTable;
}
