// Incidents as the rest of the service sees them, in both languages.
import type { ComponentId } from '../components/catalog.js';

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] as const;
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number] | (typeof MAINTENANCE_STATUSES)[number];
export const IMPACTS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export type Impact = (typeof IMPACTS)[number];
export type IncidentKind = 'reports' | 'probes' | 'manual' | 'maintenance';

export interface IncidentUpdate {
  id: string;
  incidentId: string;
  status: IncidentStatus;
  body: { en: string; ar: string };
  createdAt: number;
}

export interface Incident {
  id: string;
  kind: IncidentKind;
  name: { en: string; ar: string };
  status: IncidentStatus;
  impact: Impact;
  createdAt: number;
  updatedAt: number;
  startedAt: number;
  monitoringAt: number | null;
  resolvedAt: number | null;
  scheduledFor: number | null;
  scheduledUntil: number | null;
  components: ComponentId[];
  regions: string[];
  problems: string[];
  updates: IncidentUpdate[];
  /** What happened and what will change, written after the incident; absent until published. */
  postmortem?: { body: { en: string; ar: string }; publishedAt: number } | null;
}

export function isClosed(status: IncidentStatus): boolean {
  return status === 'resolved' || status === 'postmortem' || status === 'completed';
}
