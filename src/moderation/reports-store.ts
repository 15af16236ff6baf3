// Reports in the database: filed by users, read and changed by staff (reports.ts).
import type { Kysely } from 'kysely';
import type { Database, ReportRow, ReportsTable } from '../db/schema.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import type { Page } from '../http/pagination.js';
import { PERMISSIONS, STAFF_ROLES, hasPermission, type Permission } from './roles.js';

type Db = Kysely<Database>;

/** A report as the code handles it: its id lists parsed. */
export interface Report extends Omit<ReportRow, 'status_ids' | 'rule_ids'> {
  statusIds: number[];
  /** null when the report cites no rule. */
  ruleIds: number[] | null;
}

const num = (v: number | null) => (v === null ? null : Number(v));

function fromRow(row: ReportRow): Report {
  const { status_ids, rule_ids, ...rest } = row;
  return {
    ...rest,
    id: Number(row.id),
    account_id: Number(row.account_id),
    target_account_id: Number(row.target_account_id),
    forwarded: Number(row.forwarded),
    assigned_account_id: num(row.assigned_account_id),
    action_taken_at: num(row.action_taken_at),
    action_taken_by_account_id: num(row.action_taken_by_account_id),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    statusIds: (JSON.parse(status_ids) as string[]).map(Number),
    ruleIds: rule_ids === null ? null : (JSON.parse(rule_ids) as string[]).map(Number),
  };
}

const idList = (ids: number[]) => JSON.stringify(ids.map(String));

export async function insertReport(db: Db, report: Report): Promise<void> {
  const { statusIds, ruleIds, ...rest } = report;
  await db
    .insertInto('reports')
    .values({ ...rest, status_ids: idList(statusIds), rule_ids: ruleIds === null ? null : idList(ruleIds) })
    .execute();
}

export type ReportChanges = Partial<Pick<ReportsTable, 'category' | 'assigned_account_id' | 'action_taken_at' | 'action_taken_by_account_id' | 'updated_at'>> & {
  ruleIds?: number[] | null;
};

export async function updateReport(db: Db, id: number, changes: ReportChanges): Promise<void> {
  const { ruleIds, ...rest } = changes;
  const set: Partial<ReportsTable> = { ...rest };
  if (ruleIds !== undefined) set.rule_ids = ruleIds === null ? null : idList(ruleIds);
  await db.updateTable('reports').set(set).where('id', '=', id).execute();
}

export async function findReport(db: Db, id: number): Promise<Report | undefined> {
  const row = await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromRow(row);
}

export async function findReports(db: Db, ids: number[]): Promise<Report[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('reports').selectAll().where('id', 'in', ids).execute()).map(fromRow);
}

export interface ReportFilter {
  resolved: boolean;
  accountId?: number;
  targetAccountId?: number;
}

/** A page of reports, newest first, resolved or not (Mastodon lists the unresolved by default). */
export async function reportPage(db: Db, page: Page, filter: ReportFilter): Promise<Report[]> {
  let q = db.selectFrom('reports').selectAll().where('action_taken_at', filter.resolved ? 'is not' : 'is', null);
  if (filter.accountId !== undefined) q = q.where('account_id', '=', filter.accountId);
  if (filter.targetAccountId !== undefined) q = q.where('target_account_id', '=', filter.targetAccountId);
  const rows = await applyKeyset(q, 'id', page).execute();
  return newestFirst(rows, page).map(fromRow);
}

/** Is another unresolved report about this account open? (Staff were told of that one.) */
export async function hasOpenReportAbout(db: Db, targetAccountId: number, exceptId: number): Promise<boolean> {
  const row = await db
    .selectFrom('reports')
    .select('id')
    .where('target_account_id', '=', targetAccountId)
    .where('action_taken_at', 'is', null)
    .where('id', '!=', exceptId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The active staff whose role grants the permission. */
export async function staffWith(db: Db, permission: Permission): Promise<number[]> {
  const roles = STAFF_ROLES.filter((role) => hasPermission(role, permission));
  if (roles.length === 0 || !(permission in PERMISSIONS)) return [];
  const rows = await db.selectFrom('accounts').select('id').where('role', 'in', roles).where('suspended_at', 'is', null).execute();
  return rows.map((r) => Number(r.id));
}
