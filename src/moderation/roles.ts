// Staff roles and what they may do, in Mastodon's terms: its default roles (Owner, Admin,
// Moderator) and its permission bit field, so that `account.role.permissions` means to clients
// what it means on Mastodon. Every moderation route asks `requireStaff` for one permission.
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/errors.js';
import { requireUser, type UserAuth } from '../http/auth.js';

/** Mastodon's UserRole::FLAGS. */
export const PERMISSIONS = {
  administrator: 1 << 0,
  devops: 1 << 1,
  view_audit_log: 1 << 2,
  view_dashboard: 1 << 3,
  manage_reports: 1 << 4,
  manage_federation: 1 << 5,
  manage_settings: 1 << 6,
  manage_blocks: 1 << 7,
  manage_taxonomies: 1 << 8,
  manage_appeals: 1 << 9,
  manage_users: 1 << 10,
  manage_invites: 1 << 11,
  manage_rules: 1 << 12,
  manage_announcements: 1 << 13,
  manage_custom_emojis: 1 << 14,
  manage_webhooks: 1 << 15,
  invite_users: 1 << 16,
  manage_roles: 1 << 17,
  manage_user_access: 1 << 18,
  delete_user_data: 1 << 19,
} as const;
export type Permission = keyof typeof PERMISSIONS;

const ALL = Object.values(PERMISSIONS).reduce((a, b) => a | b, 0);
const bits = (...names: Permission[]) => names.reduce((a, n) => a | PERMISSIONS[n], 0);

export const STAFF_ROLES = ['owner', 'admin', 'moderator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface RoleJson {
  id: string;
  name: string;
  permissions: string;
  color: string;
  highlighted: boolean;
}

/**
 * Mastodon's seeded roles. The owner holds "administrator" (every permission); an admin every
 * permission but that and devops; a moderator the day-to-day of reports and accounts.
 */
const ROLE_TABLE: Record<StaffRole, { json: RoleJson; permissions: number }> = {
  owner: { json: { id: '3', name: 'Owner', permissions: String(PERMISSIONS.administrator), color: '', highlighted: true }, permissions: ALL },
  admin: {
    json: { id: '2', name: 'Admin', permissions: '', color: '', highlighted: true },
    permissions: ALL & ~PERMISSIONS.administrator & ~PERMISSIONS.devops,
  },
  moderator: {
    json: { id: '1', name: 'Moderator', permissions: '', color: '', highlighted: true },
    permissions: bits('view_dashboard', 'view_audit_log', 'manage_users', 'manage_reports', 'manage_taxonomies', 'manage_appeals', 'invite_users'),
  },
};
ROLE_TABLE.admin.json.permissions = String(ROLE_TABLE.admin.permissions);
ROLE_TABLE.moderator.json.permissions = String(ROLE_TABLE.moderator.permissions);

export const NO_ROLE: RoleJson = { id: '-99', name: '', permissions: '0', color: '', highlighted: false };

export function isStaffRole(role: string | null | undefined): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role ?? '');
}

/** The role as Mastodon's Role entity (`account.role`, admin account `role`). */
export function presentRole(role: string | null | undefined): RoleJson {
  return isStaffRole(role) ? { ...ROLE_TABLE[role].json } : { ...NO_ROLE };
}

export function hasPermission(role: string | null | undefined, permission: Permission): boolean {
  return isStaffRole(role) && (ROLE_TABLE[role].permissions & PERMISSIONS[permission]) !== 0;
}

/**
 * Who may act on whom: an owner on anyone else, an admin on moderators and users, a moderator
 * on users only (as Mastodon's "role is above" rule). Nobody acts on themselves.
 */
export function outranks(actor: string | null | undefined, target: string | null | undefined): boolean {
  const rank = (r: string | null | undefined) => (r === 'owner' ? 3 : r === 'admin' ? 2 : r === 'moderator' ? 1 : 0);
  return rank(actor) > rank(target);
}

/**
 * The signed-in staff member behind a moderation request: a token with the admin scope asked
 * (e.g. `admin:write:accounts`), of an account whose role grants the permission. Mastodon
 * answers both failures with 403.
 */
export function requireStaff(request: FastifyRequest, scope: string, permission: Permission): UserAuth {
  const auth = requireUser(request, scope);
  if (!hasPermission(auth.role, permission)) throw new ApiError(403, 'This action is not allowed');
  return auth;
}
