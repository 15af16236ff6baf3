// Reports: a user tells the moderators about an account (and some of its posts, and the rules
// they break); staff with manage_reports are notified, then claim, re-classify, resolve and
// reopen them, each step written to the audit log (Mastodon's ReportService and
// Admin::ReportsController).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { findAccountById } from '../accounts/store.js';
import { findStatusesByIds } from '../posts/store.js';
import type { VisibilityService } from '../visibility/service.js';
import { notFound, unprocessable } from '../http/errors.js';
import type { Page } from '../http/pagination.js';
import { newId } from '../lib/ids.js';
import { insertNotification } from '../notifications/store.js';
import { recordAction } from './audit-log.js';
import { liveRuleIds } from './rules.js';
import * as store from './reports-store.js';
import type { ReportPresenter, AdminReportJson, ReportJson } from './reports-presenter.js';

type Db = Kysely<Database>;

export const COMMENT_LIMIT = 1000;

export interface ReportInput {
  accountId: string;
  statusIds: string[];
  comment: string;
  forward: boolean;
  /** spam | legal | violation | other; empty or absent: other. */
  category?: string;
  ruleIds: string[];
}

const digits = /^[0-9]{1,16}$/;
const INVALID_RULES = 'Validation failed: Rule ids does not reference valid rules';

/** Violation reports cite at least one rule, each in force. */
async function checkRules(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0 || !ids.every((id) => digits.test(id))) throw unprocessable(INVALID_RULES);
  const live = await liveRuleIds(db, ids.map(Number));
  if (live.size !== ids.length) throw unprocessable(INVALID_RULES);
}

export class ReportService {
  constructor(
    private readonly db: Db,
    private readonly write: Write,
    private readonly visibility: VisibilityService,
    readonly presenter: ReportPresenter,
    private readonly clock: () => number,
  ) {}

  /** Files a report; staff hear of it unless a report about the same account is still open. */
  async file(reporterId: number, input: ReportInput): Promise<ReportJson> {
    const target = digits.test(input.accountId) ? await findAccountById(this.db, Number(input.accountId)) : undefined;
    // A suspended account cannot be reported (Mastodon answers as if it were not there).
    if (!target || target.suspended_at) throw notFound();
    const statusIds = await this.reportableStatuses(reporterId, Number(target.id), input.statusIds);
    const ruleIds = [...new Set(input.ruleIds)];
    // Citing rules makes a report a violation, whatever category was said (Mastodon 4).
    const category = ruleIds.length > 0 ? 'violation' : input.category || 'other';
    if (category === 'violation') await checkRules(this.db, ruleIds);
    const now = this.clock();
    const report: store.Report = {
      id: newId(now),
      account_id: reporterId,
      target_account_id: Number(target.id),
      category,
      comment: input.comment,
      // Sirb has no remote accounts: there is nowhere to forward to.
      forwarded: 0,
      statusIds,
      ruleIds: ruleIds.length > 0 ? ruleIds.map(Number) : null,
      assigned_account_id: null,
      action_taken_at: null,
      action_taken_by_account_id: null,
      created_at: now,
      updated_at: now,
    };
    await this.write(async (tx) => {
      await store.insertReport(tx, report);
      // In a crisis one account draws many reports: staff are told once, while one is open.
      if (await store.hasOpenReportAbout(tx, report.target_account_id, report.id)) return;
      for (const staffId of await store.staffWith(tx, 'manage_reports')) {
        // A staff member reported is not told who reported them.
        if (staffId === report.target_account_id) continue;
        await insertNotification(tx, { accountId: staffId, fromAccountId: reporterId, type: 'admin.report', statusId: null, reportId: report.id, now });
      }
    });
    return (await this.presenter.forReporters([report])).get(report.id)!;
  }

  /**
   * The ids of the statuses cited, each the target's and visible to the reporter; any other
   * is "not found" to the reporter, as Mastodon's find over the account's statuses answers.
   */
  private async reportableStatuses(reporterId: number, targetId: number, ids: string[]): Promise<number[]> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return [];
    if (!wanted.every((id) => digits.test(id))) throw notFound();
    const rows = (await findStatusesByIds(this.db, wanted.map(Number))).filter((row) => Number(row.account_id) === targetId);
    const visible = await this.visibility.visibleAmong(rows, reporterId);
    if (visible.length !== wanted.length) throw notFound();
    return visible.map((row) => Number(row.id));
  }

  // Staff (Admin::ReportsController). The route has checked the permission.

  async list(viewerId: number, page: Page, filter: store.ReportFilter): Promise<{ reports: AdminReportJson[]; cursors: number[] }> {
    const rows = await store.reportPage(this.db, page, filter);
    return { reports: await this.presenter.forStaff(rows, viewerId), cursors: rows.map((r) => r.id) };
  }

  async get(viewerId: number, id: number): Promise<AdminReportJson> {
    const report = await store.findReport(this.db, id);
    const json = report && (await this.presenter.forStaff([report], viewerId))[0];
    if (!json) throw notFound();
    return json;
  }

  /** Re-classifies: a violation must cite rules in force; another category cites none. */
  async update(actorId: number, id: number, input: { category?: string; ruleIds?: string[] }): Promise<AdminReportJson> {
    return this.change(actorId, id, 'update', async (report, _now, tx) => {
      const category = input.category || report.category;
      let ruleIds: number[] | null;
      if (category === 'violation') {
        const cited = input.ruleIds !== undefined ? [...new Set(input.ruleIds)] : (report.ruleIds ?? []).map(String);
        await checkRules(tx, cited);
        ruleIds = cited.map(Number);
      } else {
        if (input.ruleIds !== undefined && input.ruleIds.length > 0) throw unprocessable('Validation failed: Rule ids must be blank');
        ruleIds = null;
      }
      return { category, ruleIds };
    });
  }

  assignToSelf(actorId: number, id: number) {
    return this.change(actorId, id, 'assigned_to_self', async () => ({ assigned_account_id: actorId }));
  }

  unassign(actorId: number, id: number) {
    return this.change(actorId, id, 'unassigned', async () => ({ assigned_account_id: null }));
  }

  resolve(actorId: number, id: number) {
    return this.change(actorId, id, 'resolve', async (_report, now) => ({ action_taken_at: now, action_taken_by_account_id: actorId }));
  }

  reopen(actorId: number, id: number) {
    return this.change(actorId, id, 'reopen', async () => ({ action_taken_at: null, action_taken_by_account_id: null }));
  }

  /** One staff action on one report: the change and its audit entry in one transaction. */
  private async change(
    actorId: number,
    id: number,
    action: string,
    decide: (report: store.Report, now: number, tx: Db) => Promise<store.ReportChanges>,
  ): Promise<AdminReportJson> {
    const now = this.clock();
    await this.write(async (tx) => {
      const report = await store.findReport(tx, id);
      if (!report) throw notFound();
      await store.updateReport(tx, id, { ...(await decide(report, now, tx)), updated_at: now });
      await recordAction(tx, { actorId, action, targetType: 'Report', targetId: id }, now);
    });
    return this.get(actorId, id);
  }
}
