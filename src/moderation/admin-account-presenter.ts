// Mastodon's Admin::Account: what staff see of an account (REST::Admin::AccountSerializer).
// Sirb accounts are all local: domain is null, and email confirmation is not asked (confirmed).
import type { AccountRow } from '../db/schema.js';
import { presentAccount, type AccountJson } from '../accounts/presenter.js';
import type { AccountIp } from '../accounts/ips.js';
import { presentRole, type RoleJson } from './roles.js';

export interface AdminIpJson {
  ip: string;
  used_at: string;
}

export interface AdminAccountJson {
  id: string;
  username: string;
  domain: null;
  created_at: string;
  email: string;
  /** The address last used to sign in or use a token. */
  ip: string | null;
  ips: AdminIpJson[];
  locale: string;
  /** The reason given at sign-up (approval-mode registrations). */
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
  /** The account's addresses, most recent first (accounts/ips.ts). */
  ips?: AccountIp[];
  /** Set by sign-up when known (w/signup: invites; the app that registered the account). */
  createdByApplicationId?: number | null;
  invitedByAccountId?: number | null;
}

export function presentAdminAccount(row: AccountRow, publicUrl: string, extras: AdminAccountExtras = {}): AdminAccountJson {
  const ips = (extras.ips ?? []).map((entry) => ({ ip: entry.ip, used_at: new Date(entry.used_at).toISOString() }));
  const json: AdminAccountJson = {
    id: String(row.id),
    username: row.username,
    domain: null,
    created_at: new Date(row.created_at).toISOString(),
    email: row.email,
    ip: ips[0]?.ip ?? null,
    ips,
    locale: row.locale,
    invite_request: row.sign_up_reason ?? null,
    role: presentRole(row.role),
    confirmed: true,
    approved: row.approved === 1,
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
