// Whether the signed-in account is staff, and whether its token may use the admin API: the role's
// permission bits come from verify_credentials (`role.permissions`, Mastodon's UserRole flags)
// and the token's scopes from /oauth/token/info. The server checks both on every admin call;
// this only decides what the app shows (a Moderation link, a sign-in step for admin scopes).
import { useEffect } from 'react';
import { api } from '../api/client';
import { session } from '../auth/session';
import { createStore, useStore } from './store';

/** The bits of src/moderation/roles.ts PERMISSIONS the moderation pages need. */
export const PERMISSION = {
  administrator: 1 << 0,
  view_audit_log: 1 << 2,
  manage_reports: 1 << 4,
  manage_users: 1 << 10,
  manage_rules: 1 << 12,
} as const;
export type StaffPermission = Exclude<keyof typeof PERMISSION, 'administrator'>;

export interface Staff {
  permissions: number;
  roleName: string;
  /** The token already carries admin:read and admin:write (or was granted them). */
  adminScopes: boolean;
}

interface Loaded {
  token: string;
  staff: Staff | null;
}

const loaded = createStore<Loaded | null>(null);
let loading: string | null = null;

export function can(staff: Staff | null | undefined, permission: StaffPermission): boolean {
  if (!staff) return false;
  return (staff.permissions & (PERMISSION.administrator | PERMISSION[permission])) !== 0;
}

function grantsAdmin(scopes: string[]): boolean {
  const has = (scope: string) => scopes.some((s) => s === scope || scope.startsWith(`${s}:`));
  return has('admin:read') && has('admin:write');
}

async function load(token: string): Promise<void> {
  if (loading === token) return;
  loading = token;
  try {
    const me = await api<{ role?: { name: string; permissions: string } }>('/api/v1/accounts/verify_credentials', { token });
    const permissions = Number(me.role?.permissions ?? 0) || 0;
    const staffBits = PERMISSION.administrator | PERMISSION.view_audit_log | PERMISSION.manage_reports | PERMISSION.manage_users | PERMISSION.manage_rules;
    let staff: Staff | null = null;
    if (permissions & staffBits) {
      const info = await api<{ scope: string[] }>('/oauth/token/info', { token });
      staff = { permissions, roleName: me.role?.name ?? '', adminScopes: grantsAdmin(info.scope) };
    }
    if (session.get()?.token === token) loaded.set({ token, staff });
  } catch {
    // Unknown for now (offline, or signed out meanwhile): asked again on the next page.
  } finally {
    if (loading === token) loading = null;
  }
}

/**
 * The current account's staff standing: undefined while unknown, null for everyone else. Asked
 * once per token, after the page has what it came for (the reader waits for posts, not this).
 */
export function useStaff(): Staff | null | undefined {
  const me = useStore(session);
  const current = useStore(loaded);
  const token = me?.token ?? null;
  const known = token && current?.token === token;
  useEffect(() => {
    if (!token || known) return;
    const start = () => void load(token);
    const idle = window.requestIdleCallback?.(start, { timeout: 2000 });
    const timer = idle === undefined ? setTimeout(start, 500) : undefined;
    return () => {
      if (idle !== undefined) window.cancelIdleCallback(idle);
      if (timer) clearTimeout(timer);
    };
  }, [token, known]);
  if (!token) return null;
  return known ? current!.staff : undefined;
}

/** Loads at once (the moderation pages need the answer before they can show anything). */
export function useStaffNow(): Staff | null | undefined {
  const me = useStore(session);
  const staff = useStaff();
  useEffect(() => {
    if (me && staff === undefined) void load(me.token);
  }, [me, staff]);
  return staff;
}
