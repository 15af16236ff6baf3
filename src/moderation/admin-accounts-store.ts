// The account list staff search (GET /api/v1 and /api/v2/admin/accounts): Mastodon's
// AccountFilter over Sirb's accounts, newest first in keyset pages. Exported for others that
// act on "every account matching a filter" (bulk suspension) so both mean the same accounts.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import ipaddr from 'ipaddr.js';
import type { AccountRow, Database } from '../db/schema.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import type { Page } from '../http/pagination.js';
import { unprocessable } from '../http/errors.js';
import { STAFF_ROLES } from './roles.js';

type Db = Kysely<Database>;

export const ACCOUNT_STATUSES = ['active', 'pending', 'disabled', 'silenced', 'suspended', 'sensitized'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Mastodon's admin account filters, in their v2 form (v1's booleans map onto them). */
export interface AdminAccountFilter {
  origin?: 'local' | 'remote';
  status?: AccountStatus;
  /** permissions=staff: owners, admins and moderators. */
  staff?: boolean;
  /** Role entity ids (roles.ts: 1 moderator, 2 admin, 3 owner). */
  roleIds?: string[];
  /** Accounts invited by this account (invites are w/signup's: none recorded yet). */
  invitedBy?: string;
  username?: string;
  displayName?: string;
  /** The domain of the account's email address (Sirb accounts are all local). */
  byDomain?: string;
  email?: string;
  /** An address or a CIDR range the account signed in or used a token from. */
  ip?: string;
}

const ROLE_BY_ID: Record<string, string> = { '1': 'moderator', '2': 'admin', '3': 'owner' };

/** LIKE pattern for a prefix, its wildcards taken literally. */
const prefix = (value: string) => `${value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** An address or range as Mastodon's `ip` filter takes it; 422 when it is neither. */
export function parseIpFilter(value: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  try {
    if (value.includes('/')) return ipaddr.parseCIDR(value);
    const address = ipaddr.process(value);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    throw unprocessable('Validation failed: ip is not a valid IP address or range');
  }
}

async function accountIdsFromIp(db: Db, value: string): Promise<number[]> {
  const [range, bits] = parseIpFilter(value);
  const full = bits === (range.kind() === 'ipv4' ? 32 : 128);
  if (full) {
    const rows = await db.selectFrom('account_ips').select('account_id').distinct().where('ip', '=', range.toString()).execute();
    return rows.map((r) => Number(r.account_id));
  }
  // A range: addresses are few per account, and ranges are a moderator's occasional question.
  const rows = await db.selectFrom('account_ips').select(['account_id', 'ip']).execute();
  return rows.filter((r) => inRange(r.ip, range, bits)).map((r) => Number(r.account_id));
}

export function inRange(ip: string, range: ipaddr.IPv4 | ipaddr.IPv6, bits: number): boolean {
  try {
    const address = ipaddr.process(ip);
    return address.kind() === range.kind() && address.match(range, bits);
  } catch {
    return false;
  }
}

/** The filter as conditions on `accounts` (ids from other tables looked up first). */
export async function applyAccountFilter<O>(db: Db, query: SelectQueryBuilder<Database, 'accounts', O>, filter: AdminAccountFilter) {
  let q = query;
  // Every Sirb account is local.
  if (filter.origin === 'remote') q = q.where(sql<boolean>`1 = 0`);
  switch (filter.status) {
    case 'active': q = q.where('accounts.suspended_at', 'is', null); break;
    case 'pending': q = q.where('accounts.approved', '=', 0).where('accounts.suspended_at', 'is', null); break;
    case 'disabled': q = q.where('accounts.disabled_at', 'is not', null); break;
    case 'silenced': q = q.where('accounts.silenced_at', 'is not', null); break;
    case 'suspended': q = q.where('accounts.suspended_at', 'is not', null); break;
    case 'sensitized': q = q.where('accounts.sensitized_at', 'is not', null); break;
  }
  if (filter.staff) q = q.where('accounts.role', 'in', [...STAFF_ROLES]);
  if (filter.roleIds?.length) q = q.where('accounts.role', 'in', filter.roleIds.map((id) => ROLE_BY_ID[id] ?? '-'));
  // Invites (w/signup) are not recorded on this branch: nobody was invited by anyone.
  if (filter.invitedBy !== undefined) q = q.where(sql<boolean>`1 = 0`);
  if (filter.username) q = q.where(sql<boolean>`accounts.username_key like ${prefix(filter.username)} escape '\\'`);
  if (filter.displayName) q = q.where(sql<boolean>`lower(accounts.display_name) like ${prefix(filter.displayName)} escape '\\'`);
  if (filter.email) q = q.where(sql<boolean>`accounts.email like ${prefix(filter.email)} escape '\\'`);
  if (filter.byDomain) {
    const domain = filter.byDomain.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
    q = q.where(sql<boolean>`accounts.email like ${`%@${domain}`} escape '\\'`);
  }
  if (filter.ip) {
    const ids = await accountIdsFromIp(db, filter.ip);
    q = q.where('accounts.id', 'in', ids.length ? ids : [-1]);
  }
  return q;
}

/** A page of accounts matching the filter, newest first. */
export async function findAdminAccounts(db: Db, filter: AdminAccountFilter, page: Page): Promise<AccountRow[]> {
  const query = await applyAccountFilter(db, db.selectFrom('accounts').selectAll('accounts'), filter);
  return newestFirst(await applyKeyset(query, 'accounts.id', page).execute(), page);
}

/** Every account id matching the filter (for acting on them all). */
export async function findAdminAccountIds(db: Db, filter: AdminAccountFilter): Promise<number[]> {
  const query = await applyAccountFilter(db, db.selectFrom('accounts').select('accounts.id'), filter);
  return (await query.orderBy('accounts.id').execute()).map((r) => Number(r.id));
}
