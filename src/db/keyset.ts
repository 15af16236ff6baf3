import type { Page } from '../http/pagination.js';

// Keyset pagination over a time-sortable id column. With min_id the rows just newer than the
// cursor are wanted, so they are read oldest-first and turned around before they are returned.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function applyKeyset<Q>(query: Q, column: string, page: Page): Q {
  let q = query as any;
  if (page.maxId !== undefined) q = q.where(column, '<', page.maxId);
  if (page.minId !== undefined) {
    q = q.where(column, '>', page.minId).orderBy(column, 'asc');
  } else {
    if (page.sinceId !== undefined) q = q.where(column, '>', page.sinceId);
    q = q.orderBy(column, 'desc');
  }
  return q.limit(page.limit) as Q;
}

export function newestFirst<T>(rows: T[], page: Page): T[] {
  return page.minId !== undefined ? rows.reverse() : rows;
}
