// Mastodon's Admin::Account: what staff see of an account (admin reports, admin accounts).
// Sirb accounts are all local (domain null) and sign-ups need no e-mail confirmation here
// (confirmed true). What the accounts table does not hold — sign-in addresses, the app and
// invite an account came by — the caller passes in `extras` where it knows them.
import type { AccountRow } from '../db/schema.js';
import { presentAccount, type AccountJson } from '../accounts/presenter.js';
import { presentRole, type RoleJson } from './roles.js';

export interface AdminIpJson {
  ip: string;
  used_at: string;
}

export interface AdminAccountJson {
  id: string;
  username: string;
  domain: string | null;
  created_at: string;
  email: string;
  ip: string | null;
  ips: AdminIpJson[];
  locale: string;
  invite_request: string | null;
  role: RoleJson;
  confirmed: boolean;
  approved: boolean;
  disabled: boolean;
  silenced: boolean;
  suspended: boolean;
  sensitized: boolean;
  account: AccountJson;
  created_by_application_id?: string;
  invited_by_account_id?: string;
}

export interface AdminAccountExtras {
  /** Known sign-in addresses, newest first; the first is `ip`. */
  ips?: AdminIpJson[];
  createdByApplicationId?: number | string | null;
  invitedByAccountId?: number | string | null;
}

export function presentAdminAccount(row: AccountRow, publicUrl: string, extras: AdminAccountExtras = {}): AdminAccountJson {
  const ips = extras.ips ?? [];
  const json: AdminAccountJson = {
    id: String(row.id),
    username: row.username,
    domain: null,
    // The exact time, not the day the public Account shows.
    created_at: new Date(Number(row.created_at)).toISOString(),
    email: row.email,
    ip: ips[0]?.ip ?? null,
    ips,
    locale: row.locale,
    invite_request: row.sign_up_reason ?? null,
    role: presentRole(row.role),
    confirmed: true,
    approved: Number(row.approved ?? 1) === 1,
    disabled: row.disabled_at != null,
    silenced: row.silenced_at != null,
    suspended: row.suspended_at != null,
    sensitized: row.sensitized_at != null,
    account: presentAccount(row, publicUrl),
  };
  if (extras.createdByApplicationId != null) json.created_by_application_id = String(extras.createdByApplicationId);
  if (extras.invitedByAccountId != null) json.invited_by_account_id = String(extras.invitedByAccountId);
  return json;
}
