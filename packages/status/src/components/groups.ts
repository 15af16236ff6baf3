// Component groups, as Statuspage has them: a heading over related components whose status is
// the worst of its members'. Every component belongs to exactly one group.
import { severity, type ComponentId, type ComponentStatus } from './catalog.js';
import type { ComponentRow } from './store.js';

export interface ComponentGroup {
  id: string;
  name: { en: string; ar: string };
  components: ComponentId[];
}

export const COMPONENT_GROUPS: ComponentGroup[] = [
  { id: 'access', name: { en: 'Access', ar: 'الوصول' }, components: ['website', 'api', 'sign_in'] },
  { id: 'features', name: { en: 'Features', ar: 'الميزات' }, components: ['posting', 'timelines', 'search', 'notifications'] },
];

export function groupOf(component: ComponentId): ComponentGroup | undefined {
  return COMPONENT_GROUPS.find((g) => g.components.includes(component));
}

/**
 * A group's status: its worst member's. Maintenance shows only when nothing is failing; null
 * (no data) while a member was never checked and no other member is failing.
 */
export function groupStatus(group: ComponentGroup, rows: ComponentRow[]): ComponentStatus | null {
  const members = rows.filter((r) => group.components.includes(r.id));
  const worst = members.reduce<ComponentRow | undefined>((w, r) => (w === undefined || severity(r.status) > severity(w.status) ? r : w), undefined);
  if (worst && severity(worst.status) > 0) return worst.status;
  if (members.some((r) => r.checkedAt === null)) return null;
  if (members.some((r) => r.status === 'under_maintenance')) return 'under_maintenance';
  return 'operational';
}

/** The latest change among a group's members. */
export function groupUpdatedAt(group: ComponentGroup, rows: ComponentRow[]): number {
  return Math.max(0, ...rows.filter((r) => group.components.includes(r.id)).map((r) => r.updatedAt));
}
