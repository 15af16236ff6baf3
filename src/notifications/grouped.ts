// Grouped notifications (Mastodon 4.3, GET /api/v2/notifications): a page holds up to `limit`
// groups, each shown by its newest notification in the page's range, with how many it holds
// and who acted most recently; accounts and statuses come once, beside the groups.
import { sql, type Kysely } from 'kysely';
import type { Database, NotificationRow } from '../db/schema.js';
import type { Page } from '../http/pagination.js';
import { notFound } from '../http/errors.js';
import { findAccountsByIds } from '../accounts/store.js';
import type { AccountService } from '../accounts/service.js';
import type { AccountJson } from '../accounts/presenter.js';
import type { StatusJson } from '../posts/presenter.js';
import type { ReportJson } from '../moderation/reports-presenter.js';
import { browsable, type NotificationFilter } from './store.js';
import { GROUPABLE_TYPES, shownKey } from './group-keys.js';
import type { NotificationService } from './service.js';

type Db = Kysely<Database>;
const SAMPLE_ACCOUNTS = 8;

export interface NotificationGroupJson {
  group_key: string;
  notifications_count: number;
  type: string;
  most_recent_notification_id: string;
  page_min_id?: string;
  page_max_id?: string;
  latest_page_notification_at?: string;
  sample_account_ids: string[];
  status_id?: string;
  report?: ReportJson;
}

export interface PartialAccountJson {
  id: string;
  acct: string;
  locked: boolean;
  bot: boolean;
  url: string;
  avatar: string;
  avatar_static: string;
}

export interface GroupedResults {
  accounts: AccountJson[];
  partial_accounts?: PartialAccountJson[];
  statuses: StatusJson[];
  notification_groups: NotificationGroupJson[];
}

interface GroupData {
  count: number;
  mostRecentId: number;
  minId: number | null;
  latestAt: number;
  sampleIds: number[];
}

/** The ids a page of groups covers: every notification of its groups from `start` to `end`. */
interface Range {
  start: number;
  end: number;
}

export class GroupedNotificationService {
  constructor(
    private readonly db: Db,
    private readonly notifications: NotificationService,
    private readonly accounts: AccountService,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The types a client lets be grouped (grouped_types[]; all the groupable ones when absent). */
  static groupedTypes(asked?: string[]): string[] {
    return asked?.length ? GROUPABLE_TYPES.filter((t) => asked.includes(t)) : GROUPABLE_TYPES;
  }

  /**
   * The representative notifications of one page: walking by id (newest first, or oldest first
   * after min_id), the first notification of each group not met yet, until `limit` groups.
   * Each query leaves out the groups already met, so a group of thousands is read once.
   */
  async representatives(viewerId: number, page: Page, filter: NotificationFilter, groupedTypes: string[]): Promise<NotificationRow[]> {
    const up = page.minId !== undefined;
    const seen = new Set<string>();
    const reps: NotificationRow[] = [];
    let cursor: number | undefined = up ? page.minId : page.maxId;
    while (reps.length < page.limit) {
      const want = page.limit - reps.length;
      let q = browsable(this.db, viewerId, filter, this.clock());
      if (up) {
        if (cursor !== undefined) q = q.where('id', '>', cursor);
        if (page.maxId !== undefined) q = q.where('id', '<', page.maxId);
      } else {
        if (cursor !== undefined) q = q.where('id', '<', cursor);
        if (page.sinceId !== undefined) q = q.where('id', '>', page.sinceId);
      }
      // Only real groups can recur (an ungrouped notification is met once; with no groupable
      // type asked for, there are none to leave out).
      const met = [...seen].filter((key) => !key.startsWith('ungrouped-'));
      if (met.length) q = q.where((eb) => eb.or([eb('group_key', 'is', null), eb('type', 'not in', groupedTypes), eb('group_key', 'not in', met)]));
      const rows = await q.orderBy('id', up ? 'asc' : 'desc').limit(want).execute();
      for (const row of rows) {
        const key = shownKey(row, groupedTypes);
        if (seen.has(key)) continue;
        seen.add(key);
        reps.push(row);
      }
      if (rows.length < want) break;
      cursor = Number(rows[rows.length - 1].id);
    }
    return up ? reps.reverse() : reps;
  }

  async list(viewerId: number, page: Page, filter: NotificationFilter, groupedTypes: string[], partial: boolean): Promise<{ results: GroupedResults; cursors: number[] }> {
    const reps = await this.representatives(viewerId, page, filter, groupedTypes);
    if (reps.length === 0) return { results: { accounts: [], statuses: [], notification_groups: [] }, cursors: [] };
    let range: Range = { start: Number(reps[reps.length - 1].id), end: Number(reps[0].id) };
    // A short page is the last one: its groups reach to the edge the client asked for.
    if (reps.length < page.limit) {
      range = page.minId !== undefined ? { start: range.start, end: page.maxId !== undefined ? page.maxId - 1 : Number.MAX_SAFE_INTEGER } : { start: page.sinceId !== undefined ? page.sinceId + 1 : 0, end: range.end };
    }
    const results = await this.present(viewerId, reps, groupedTypes, range, partial);
    return { results, cursors: reps.map((r) => Number(r.id)) };
  }

  /** How many groups are newer than the marker, up to `limit`. */
  async unreadCount(viewerId: number, sinceId: number, limit: number, filter: NotificationFilter, groupedTypes: string[]): Promise<number> {
    return (await this.representatives(viewerId, { minId: sinceId, limit }, filter, groupedTypes)).length;
  }

  /** One group, whole (no page range). */
  async group(viewerId: number, groupKey: string): Promise<GroupedResults> {
    const rows = await this.ofGroup(viewerId, groupKey).orderBy('id', 'desc').limit(1).execute();
    if (rows.length === 0) throw notFound();
    const results = await this.present(viewerId, rows, GROUPABLE_TYPES, null, false);
    if (results.notification_groups.length === 0) throw notFound();
    return results;
  }

  /** Who acted in the group, newest first; cursors are the notifications' ids. */
  async accountsOf(viewerId: number, groupKey: string, page: Page): Promise<{ accounts: AccountJson[]; cursors: number[] }> {
    if (!(await this.ofGroup(viewerId, groupKey).select('id').limit(1).executeTakeFirst())) throw notFound();
    let q = this.ofGroup(viewerId, groupKey);
    if (page.maxId !== undefined) q = q.where('id', '<', page.maxId);
    if (page.sinceId !== undefined) q = q.where('id', '>', page.sinceId);
    if (page.minId !== undefined) q = q.where('id', '>', page.minId);
    let rows = await q.orderBy('id', page.minId !== undefined ? 'asc' : 'desc').limit(page.limit).execute();
    if (page.minId !== undefined) rows = rows.reverse();
    const byId = new Map((await findAccountsByIds(this.db, rows.map((r) => r.from_account_id))).filter((a) => !a.suspended_at).map((a) => [a.id, this.accounts.present(a)]));
    return { accounts: rows.flatMap((r) => (byId.has(r.from_account_id) ? [byId.get(r.from_account_id)!] : [])), cursors: rows.map((r) => Number(r.id)) };
  }

  async dismiss(viewerId: number, groupKey: string): Promise<void> {
    const ungrouped = /^ungrouped-(\d{1,16})$/.exec(groupKey);
    let q = this.db.deleteFrom('notifications').where('account_id', '=', viewerId);
    q = ungrouped ? q.where('id', '=', Number(ungrouped[1])) : q.where('group_key', '=', groupKey);
    await q.execute();
  }

  private ofGroup(viewerId: number, groupKey: string) {
    const q = browsable(this.db, viewerId, {}, this.clock());
    const ungrouped = /^ungrouped-(\d{1,16})$/.exec(groupKey);
    return ungrouped ? q.where('id', '=', Number(ungrouped[1])) : q.where('group_key', '=', groupKey);
  }

  private async present(viewerId: number, reps: NotificationRow[], groupedTypes: string[], range: Range | null, partial: boolean): Promise<GroupedResults> {
    const shown = new Map((await this.notifications.present(reps, viewerId)).map((n) => [n.id, n]));
    const kept = reps.filter((r) => shown.has(String(r.id)));
    const keys = kept.map((r) => shownKey(r, groupedTypes)).filter((k) => !k.startsWith('ungrouped-'));
    const data = await this.groupData(viewerId, keys, range);
    const groups: NotificationGroupJson[] = [];
    const statuses = new Map<string, StatusJson>();
    const firstAccounts: number[] = [];
    const sampled = new Set<number>();
    for (const row of kept) {
      const json = shown.get(String(row.id))!;
      const key = shownKey(row, groupedTypes);
      const d: GroupData = data.get(key) ?? { count: 1, mostRecentId: Number(row.id), minId: Number(row.id), latestAt: Number(row.created_at), sampleIds: [Number(row.from_account_id)] };
      const group: NotificationGroupJson = {
        group_key: key,
        notifications_count: d.count,
        type: row.type,
        most_recent_notification_id: String(d.mostRecentId),
        sample_account_ids: d.sampleIds.map(String),
      };
      if (range) {
        group.page_min_id = String(d.minId ?? d.mostRecentId);
        group.page_max_id = String(d.mostRecentId);
        group.latest_page_notification_at = new Date(d.latestAt).toISOString();
      }
      if (json.status) {
        group.status_id = json.status.id;
        statuses.set(json.status.id, json.status);
      }
      if (json.report) group.report = json.report;
      groups.push(group);
      if (d.sampleIds.length) firstAccounts.push(d.sampleIds[0]);
      for (const id of d.sampleIds) sampled.add(id);
    }
    const accountRows = (await findAccountsByIds(this.db, [...sampled])).filter((a) => !a.suspended_at);
    const present = new Map(accountRows.map((a) => [a.id, this.accounts.present(a)]));
    for (const group of groups) group.sample_account_ids = group.sample_account_ids.filter((id) => present.has(Number(id)));
    // Statuses' own authors come in full too, as Mastodon's presenter adds them.
    if (!partial) return { accounts: [...present.values()], statuses: [...statuses.values()], notification_groups: groups };
    const full = new Set(firstAccounts);
    const accounts = [...present.values()].filter((a) => full.has(Number(a.id)));
    const partialAccounts = [...present.values()]
      .filter((a) => !full.has(Number(a.id)))
      .map((a) => ({ id: a.id, acct: a.acct, locked: a.locked, bot: a.bot, url: a.url, avatar: a.avatar, avatar_static: a.avatar_static }));
    return { accounts, partial_accounts: partialAccounts, statuses: [...statuses.values()], notification_groups: groups };
  }

  /** Count, newest id, oldest id in range and the latest accounts of each group, within `range`. */
  private async groupData(viewerId: number, keys: string[], range: Range | null): Promise<Map<string, GroupData>> {
    const out = new Map<string, GroupData>();
    if (keys.length === 0) return out;
    const end = range?.end ?? Number.MAX_SAFE_INTEGER;
    const start = range?.start ?? 0;
    const base = () => browsable(this.db, viewerId, {}, this.clock()).where('group_key', 'in', keys).where('id', '<=', end);
    const totals = await base()
      .clearSelect()
      .select((eb) => [
        'group_key',
        eb.fn.countAll<number>().as('n'),
        eb.fn.max('id').as('newest'),
        sql<number | null>`min(case when id >= ${start} then id end)`.as('oldest'),
      ])
      .groupBy('group_key')
      .execute();
    const ranked = base()
      .clearSelect()
      .select(['group_key', 'from_account_id', 'id', 'created_at', sql<number>`row_number() over (partition by group_key order by id desc)`.as('rank')]);
    const samples = await this.db.selectFrom(ranked.as('ranked')).selectAll().where('rank', '<=', SAMPLE_ACCOUNTS).orderBy('id', 'desc').execute();
    for (const t of totals) {
      out.set(String(t.group_key), { count: Number(t.n), mostRecentId: Number(t.newest), minId: t.oldest == null ? null : Number(t.oldest), latestAt: 0, sampleIds: [] });
    }
    for (const s of samples) {
      const d = out.get(String(s.group_key));
      if (!d) continue;
      if (d.sampleIds.length === 0) d.latestAt = Number(s.created_at);
      d.sampleIds.push(Number(s.from_account_id));
    }
    return out;
  }
}
