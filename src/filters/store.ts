// Filters in the database: plain reads and writes. Writes take the unit of work's Tx and say
// `filters.changed` for the owner, so every process drops its cached filters (service.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';
import type { ActiveFilter, FilterAction, FilterContext } from './matcher.js';

type Db = Kysely<Database>;

export interface FilterRecord {
  id: number;
  accountId: number;
  title: string;
  context: FilterContext[];
  action: FilterAction;
  expiresAt: number | null;
  keywords: { id: number; keyword: string; wholeWord: boolean }[];
  statuses: { id: number; statusId: number }[];
}

/** All of an account's filters with their keywords and statuses, oldest first. */
export async function filtersOf(db: Db, accountId: number, onlyIds?: number[]): Promise<FilterRecord[]> {
  let query = db.selectFrom('filters').selectAll().where('account_id', '=', accountId);
  if (onlyIds) {
    if (onlyIds.length === 0) return [];
    query = query.where('id', 'in', onlyIds);
  }
  const rows = await query.orderBy('id').execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [keywords, statuses] = await Promise.all([
    db.selectFrom('filter_keywords').selectAll().where('filter_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('filter_statuses').selectAll().where('filter_id', 'in', ids).orderBy('id').execute(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    title: r.title,
    context: (r.context ? r.context.split(',') : []) as FilterContext[],
    action: r.action as FilterAction,
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    keywords: keywords.filter((k) => k.filter_id === r.id).map((k) => ({ id: k.id, keyword: k.keyword, wholeWord: k.whole_word === 1 })),
    statuses: statuses.filter((s) => s.filter_id === r.id).map((s) => ({ id: s.id, statusId: s.status_id })),
  }));
}

export async function findFilter(db: Db, accountId: number, id: number): Promise<FilterRecord | undefined> {
  return (await filtersOf(db, accountId, [id]))[0];
}

/** The filter a keyword belongs to, if the account owns it. */
export async function filterIdOfKeyword(db: Db, accountId: number, keywordId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('filter_keywords')
    .innerJoin('filters', 'filters.id', 'filter_keywords.filter_id')
    .select('filters.id')
    .where('filter_keywords.id', '=', keywordId)
    .where('filters.account_id', '=', accountId)
    .executeTakeFirst();
  return row?.id;
}

export async function filterIdOfStatus(db: Db, accountId: number, filterStatusId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('filter_statuses')
    .innerJoin('filters', 'filters.id', 'filter_statuses.filter_id')
    .select('filters.id')
    .where('filter_statuses.id', '=', filterStatusId)
    .where('filters.account_id', '=', accountId)
    .executeTakeFirst();
  return row?.id;
}

export interface FilterFields {
  title: string;
  context: FilterContext[];
  action: FilterAction;
  expiresAt: number | null;
}

export async function insertFilter(tx: Tx, id: number, accountId: number, fields: FilterFields, now: number): Promise<void> {
  await tx
    .insertInto('filters')
    .values({ id, account_id: accountId, title: fields.title, context: fields.context.join(','), action: fields.action, expires_at: fields.expiresAt, created_at: now })
    .execute();
  tx.emit({ type: 'filters.changed', accountId });
}

export async function updateFilter(tx: Tx, accountId: number, id: number, fields: Partial<FilterFields>): Promise<void> {
  const values: Record<string, unknown> = {};
  if (fields.title !== undefined) values.title = fields.title;
  if (fields.context !== undefined) values.context = fields.context.join(',');
  if (fields.action !== undefined) values.action = fields.action;
  if (fields.expiresAt !== undefined) values.expires_at = fields.expiresAt;
  if (Object.keys(values).length) await tx.updateTable('filters').set(values).where('id', '=', id).where('account_id', '=', accountId).execute();
  tx.emit({ type: 'filters.changed', accountId });
}

export async function deleteFilter(tx: Tx, accountId: number, id: number): Promise<void> {
  await tx.deleteFrom('filter_keywords').where('filter_id', '=', id).execute();
  await tx.deleteFrom('filter_statuses').where('filter_id', '=', id).execute();
  await tx.deleteFrom('filters').where('id', '=', id).where('account_id', '=', accountId).execute();
  tx.emit({ type: 'filters.changed', accountId });
}

export async function insertKeyword(tx: Tx, accountId: number, row: { id: number; filterId: number; keyword: string; wholeWord: boolean }): Promise<void> {
  await tx.insertInto('filter_keywords').values({ id: row.id, filter_id: row.filterId, keyword: row.keyword, whole_word: row.wholeWord ? 1 : 0 }).execute();
  tx.emit({ type: 'filters.changed', accountId });
}

export async function updateKeyword(tx: Tx, accountId: number, id: number, fields: { keyword?: string; wholeWord?: boolean }): Promise<void> {
  const values: Record<string, unknown> = {};
  if (fields.keyword !== undefined) values.keyword = fields.keyword;
  if (fields.wholeWord !== undefined) values.whole_word = fields.wholeWord ? 1 : 0;
  if (Object.keys(values).length) await tx.updateTable('filter_keywords').set(values).where('id', '=', id).execute();
  tx.emit({ type: 'filters.changed', accountId });
}

export async function deleteKeyword(tx: Tx, accountId: number, id: number): Promise<void> {
  await tx.deleteFrom('filter_keywords').where('id', '=', id).execute();
  tx.emit({ type: 'filters.changed', accountId });
}

/** Adds a status to a filter; false if it is there already. */
export async function insertFilterStatus(tx: Tx, accountId: number, row: { id: number; filterId: number; statusId: number }): Promise<boolean> {
  const existing = await tx.selectFrom('filter_statuses').select('id').where('filter_id', '=', row.filterId).where('status_id', '=', row.statusId).executeTakeFirst();
  if (existing) return false;
  await tx.insertInto('filter_statuses').values({ id: row.id, filter_id: row.filterId, status_id: row.statusId }).execute();
  tx.emit({ type: 'filters.changed', accountId });
  return true;
}

export async function deleteFilterStatus(tx: Tx, accountId: number, id: number): Promise<void> {
  await tx.deleteFrom('filter_statuses').where('id', '=', id).execute();
  tx.emit({ type: 'filters.changed', accountId });
}

/** The account's filters as the matcher takes them (service.ts caches these). */
export function toActive(record: FilterRecord): ActiveFilter {
  return {
    id: record.id,
    title: record.title,
    context: record.context,
    action: record.action,
    expiresAt: record.expiresAt,
    keywords: record.keywords,
    statusIds: new Set(record.statuses.map((s) => s.statusId)),
  };
}
