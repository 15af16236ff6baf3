// The moderation API the admin pages read: Mastodon's admin entities (Admin::Account,
// Admin::Report) and Sirb's extensions (rules editor, audit log, bulk suspension), trimmed to
// the fields the pages use.
import { api, page, qs, type Page } from './client';
import type { Account, Status } from './types';

export interface AdminIp {
  ip: string;
  used_at: string;
}

export interface AdminAccount {
  id: string;
  username: string;
  domain: string | null;
  created_at: string;
  email: string;
  ip: string | null;
  ips: AdminIp[];
  locale: string | null;
  invite_request: string | null;
  role: { id: string; name: string; permissions: string };
  confirmed: boolean;
  approved: boolean;
  disabled: boolean;
  sensitized: boolean;
  silenced: boolean;
  suspended: boolean;
  account: Account;
}

export interface Rule {
  id: string;
  text: string;
  hint: string;
}

export interface AdminRule extends Rule {
  priority: number;
  created_at: string;
  updated_at: string;
}

export type ReportCategory = 'spam' | 'legal' | 'violation' | 'other';

export interface AdminReport {
  id: string;
  action_taken: boolean;
  action_taken_at: string | null;
  category: ReportCategory;
  comment: string;
  forwarded: boolean;
  created_at: string;
  updated_at: string;
  account: AdminAccount;
  target_account: AdminAccount;
  assigned_account: AdminAccount | null;
  action_taken_by_account: AdminAccount | null;
  statuses: Status[];
  rules: Rule[];
}

export interface ActionLogEntry {
  id: string;
  action: string;
  target_type: string;
  target_id: string;
  reason: string | null;
  created_at: string;
  /** The staff member who acted (null if that account is gone). */
  account: Account | null;
}

export interface BulkAction {
  id: string;
  type: 'suspend' | 'unsuspend';
  state: 'running' | 'finished' | 'failed';
  total: number;
  done: number;
  failed: number;
  created_at: string;
  finished_at: string | null;
}

/** Mastodon's moderation actions on an account (POST /api/v1/admin/accounts/:id/action). */
export const ACCOUNT_ACTIONS = ['none', 'sensitive', 'disable', 'silence', 'suspend'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];
/** The undo of each lasting state, and the approval of a pending sign-up. */
export type AccountUndo = 'unsuspend' | 'unsilence' | 'enable' | 'unsensitive' | 'approve' | 'reject';

export type AccountStatusFilter = '' | 'active' | 'pending' | 'disabled' | 'silenced' | 'suspended';
export interface AccountFilter {
  username?: string;
  email?: string;
  status?: AccountStatusFilter;
}

/** Page sizes asked of the lists (the pages know a shorter page is the last). */
export const PAGE_SIZE = { reports: 20, accounts: 40, actionLogs: 40 } as const;

type Params = Record<string, string | number | boolean | undefined | null>;

export const adminApi = {
  reports: (params: { resolved: boolean }): Promise<Page<AdminReport[]>> => page(`/api/v1/admin/reports${qs({ resolved: params.resolved, limit: PAGE_SIZE.reports })}`),
  report: (id: string) => api<AdminReport>(`/api/v1/admin/reports/${encodeURIComponent(id)}`),
  reportAction: (id: string, action: 'assign_to_self' | 'unassign' | 'resolve' | 'reopen') =>
    api<AdminReport>(`/api/v1/admin/reports/${encodeURIComponent(id)}/${action}`, { method: 'POST' }),

  accounts: (filter: AccountFilter): Promise<Page<AdminAccount[]>> => page(`/api/v2/admin/accounts${qs({ ...(filter as Params), origin: 'local', limit: PAGE_SIZE.accounts })}`),
  account: (id: string) => api<AdminAccount>(`/api/v1/admin/accounts/${encodeURIComponent(id)}`),
  accountAction: (id: string, body: { type: AccountAction; text?: string; report_id?: string; send_email_notification?: boolean }) =>
    api<Record<string, never>>(`/api/v1/admin/accounts/${encodeURIComponent(id)}/action`, { method: 'POST', body }),
  undo: (id: string, undo: AccountUndo) => api<AdminAccount>(`/api/v1/admin/accounts/${encodeURIComponent(id)}/${undo}`, { method: 'POST' }),

  bulkSuspend: (body: { account_ids?: string[]; usernames?: string[]; filter?: AccountFilter; text?: string }) =>
    api<BulkAction>('/api/v1/admin/accounts/bulk_action', { method: 'POST', body: { type: 'suspend', ...body } }),
  bulkAction: (id: string) => api<BulkAction>(`/api/v1/admin/bulk_actions/${encodeURIComponent(id)}`),

  actionLogs: (params: { target_type?: string; target_id?: string; limit?: number } = {}): Promise<Page<ActionLogEntry[]>> =>
    page(`/api/v1/admin/action_logs${qs({ limit: PAGE_SIZE.actionLogs, ...params })}`),

  rules: () => api<AdminRule[]>('/api/v1/admin/rules'),
  createRule: (body: { text: string; hint: string; priority?: number }) => api<AdminRule>('/api/v1/admin/rules', { method: 'POST', body }),
  updateRule: (id: string, body: { text: string; hint: string; priority?: number }) =>
    api<AdminRule>(`/api/v1/admin/rules/${encodeURIComponent(id)}`, { method: 'PUT', body }),
  deleteRule: (id: string) => api<Record<string, never>>(`/api/v1/admin/rules/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
