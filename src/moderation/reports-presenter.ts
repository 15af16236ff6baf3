// Reports as Mastodon shows them: Report (to the reporter, in `admin.report` notifications) and
// Admin::Report (to staff, with both accounts' Admin::Account, the statuses and rules cited).
import type { Kysely } from 'kysely';
import type { AccountRow, Database } from '../db/schema.js';
import { findAccountsByIds } from '../accounts/store.js';
import { presentAccount, type AccountJson } from '../accounts/presenter.js';
import { findStatusesByIds } from '../posts/store.js';
import type { StatusJson, StatusPresenter } from '../posts/presenter.js';
import { presentAdminAccount, type AdminAccountJson } from './admin-account-presenter.js';
import { presentRule, rulesByIds, type RuleJson } from './rules.js';
import type { Report } from './reports-store.js';

export interface ReportJson {
  id: string;
  action_taken: boolean;
  action_taken_at: string | null;
  category: string;
  comment: string;
  forwarded: boolean;
  created_at: string;
  status_ids: string[];
  rule_ids: string[] | null;
  target_account: AccountJson;
}

export interface AdminReportJson {
  id: string;
  action_taken: boolean;
  action_taken_at: string | null;
  category: string;
  comment: string;
  forwarded: boolean;
  created_at: string;
  updated_at: string;
  account: AdminAccountJson;
  target_account: AdminAccountJson;
  assigned_account: AdminAccountJson | null;
  action_taken_by_account: AdminAccountJson | null;
  statuses: StatusJson[];
  rules: RuleJson[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function common(report: Report) {
  return {
    id: String(report.id),
    action_taken: report.action_taken_at !== null,
    action_taken_at: iso(report.action_taken_at),
    category: report.category,
    comment: report.comment,
    forwarded: report.forwarded === 1,
    created_at: new Date(report.created_at).toISOString(),
  };
}

export function presentReport(report: Report, target: AccountRow, publicUrl: string): ReportJson {
  return {
    ...common(report),
    status_ids: report.statusIds.map(String),
    rule_ids: report.ruleIds === null ? null : report.ruleIds.map(String),
    target_account: presentAccount(target, publicUrl),
  };
}

export class ReportPresenter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly publicUrl: string,
    private readonly statuses: StatusPresenter,
  ) {}

  /** Reports as their reporters see them, by id; a report whose target is gone is left out. */
  async forReporters(reports: Report[]): Promise<Map<number, ReportJson>> {
    const targets = new Map((await findAccountsByIds(this.db, reports.map((r) => r.target_account_id))).map((a) => [Number(a.id), a]));
    const out = new Map<number, ReportJson>();
    for (const report of reports) {
      const target = targets.get(report.target_account_id);
      if (target) out.set(report.id, presentReport(report, target, this.publicUrl));
    }
    return out;
  }

  /**
   * Admin::Reports for the staff member `viewerId`, in the order given, in a few queries
   * whatever their number. The statuses are shown to staff whoever could see them, as Mastodon
   * does: a report is often about what only some could see. Deleted ones are left out.
   */
  async forStaff(reports: Report[], viewerId: number): Promise<AdminReportJson[]> {
    const accountIds = new Set<number>();
    for (const r of reports) {
      accountIds.add(r.account_id).add(r.target_account_id);
      if (r.assigned_account_id !== null) accountIds.add(r.assigned_account_id);
      if (r.action_taken_by_account_id !== null) accountIds.add(r.action_taken_by_account_id);
    }
    const [accountRows, statusRows, ruleRows] = await Promise.all([
      findAccountsByIds(this.db, [...accountIds]),
      findStatusesByIds(this.db, [...new Set(reports.flatMap((r) => r.statusIds))]),
      rulesByIds(this.db, [...new Set(reports.flatMap((r) => r.ruleIds ?? []))]),
    ]);
    const accounts = new Map(accountRows.map((a) => [Number(a.id), presentAdminAccount(a, this.publicUrl)]));
    // A report about an account stays readable after the account is suspended for it.
    const statuses = new Map((await this.statuses.present(statusRows, viewerId, { evenSuspended: true })).map((s) => [Number(s.id), s]));
    const rules = ruleRows.map((r) => ({ id: r.id, json: presentRule(r) }));
    const accountOf = (id: number | null) => (id === null ? null : (accounts.get(id) ?? null));
    return reports.flatMap((report) => {
      const account = accountOf(report.account_id);
      const target = accountOf(report.target_account_id);
      // An account purged after its report: the report cannot be shown as Mastodon's entity.
      if (!account || !target) return [];
      const cited = new Set(report.ruleIds ?? []);
      return [
        {
          ...common(report),
          updated_at: new Date(report.updated_at).toISOString(),
          account,
          target_account: target,
          assigned_account: accountOf(report.assigned_account_id),
          action_taken_by_account: accountOf(report.action_taken_by_account_id),
          statuses: report.statusIds.flatMap((id) => statuses.get(id) ?? []),
          rules: rules.filter((r) => cited.has(r.id)).map((r) => r.json),
        },
      ];
    });
  }
}
