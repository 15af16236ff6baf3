import type { Kysely } from 'kysely';
import type { Database, NotificationRow } from '../db/schema.js';
import { notFound } from '../http/errors.js';
import type { Page } from '../http/pagination.js';
import { findAccountsByIds } from '../accounts/store.js';
import type { AccountService } from '../accounts/service.js';
import type { AccountJson } from '../accounts/presenter.js';
import { findStatusesByIds } from '../posts/store.js';
import type { StatusJson, StatusPresenter } from '../posts/presenter.js';
import type { VisibilityService } from '../visibility/service.js';
import type { ActiveFilters } from '../filters/active.js';
import * as store from './store.js';
import { findReports } from '../moderation/reports-store.js';
import type { ReportJson, ReportPresenter } from '../moderation/reports-presenter.js';

export interface NotificationJson {
  id: string;
  type: string;
  created_at: string;
  account: AccountJson;
  status?: StatusJson;
  report?: ReportJson;
  group_key: string;
}

export class NotificationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly presenter: StatusPresenter,
    private readonly accounts: AccountService,
    private readonly visibility: VisibilityService,
    private readonly clock: () => number = Date.now,
    /** Renders the report of `admin.report` notifications. */
    private readonly reports?: ReportPresenter,
    /** The viewer's keyword filters (context notifications): hide drops, warn marks. */
    private readonly filters?: ActiveFilters,
  ) {}

  async present(rows: NotificationRow[], viewerId: number): Promise<NotificationJson[]> {
    const reportIds = rows.map((r) => r.report_id).filter((id): id is number => id != null).map(Number);
    const [accountRows, statusRows, reportRows] = await Promise.all([
      findAccountsByIds(this.db, rows.map((r) => r.from_account_id)),
      findStatusesByIds(this.db, rows.map((r) => r.status_id).filter((id): id is number => id !== null)),
      this.reports ? findReports(this.db, reportIds) : [],
    ]);
    const reports = this.reports ? await this.reports.forReporters(reportRows) : new Map<number, ReportJson>();
    // A notification about a status the viewer may no longer be told of (its author suspended,
    // or blocking them) is left out, as one whose status is gone; those from accounts blocked
    // or muted were left out by the store (visibility/sql.ts notificationShownCondition).
    const notifiable = await this.visibility.notifiableAmong(statusRows, viewerId);
    // Nor one from a silenced account the viewer does not follow (visibility rules.ts silencedMayNotify).
    const senders = await this.visibility.notifyingSendersAmong(accountRows, viewerId);
    const accounts = new Map(accountRows.filter((a) => !a.suspended_at && senders.has(a.id)).map((a) => [a.id, this.accounts.present(a)]));
    let presented = await this.presenter.present(notifiable, viewerId);
    if (this.filters) presented = await this.filters.statuses(viewerId, 'notifications', presented);
    const statuses = new Map(presented.map((s) => [Number(s.id), s]));
    return rows.flatMap((row) => {
      const account = accounts.get(row.from_account_id);
      if (!account) return [];
      const json: NotificationJson = {
        id: String(row.id),
        type: row.type,
        created_at: new Date(row.created_at).toISOString(),
        account,
        group_key: row.group_key ?? `ungrouped-${row.id}`,
      };
      if (row.status_id !== null) {
        const status = statuses.get(row.status_id);
        if (!status) return [];
        json.status = status;
      }
      if (row.report_id != null) {
        const report = reports.get(Number(row.report_id));
        if (!report) return [];
        json.report = report;
      }
      return [json];
    });
  }

  async list(viewerId: number, page: Page, filter: store.NotificationFilter) {
    const rows = await store.notificationPage(this.db, viewerId, page, filter, this.clock());
    return { notifications: await this.present(rows, viewerId), cursors: rows.map((r) => r.id) };
  }

  async get(viewerId: number, id: number): Promise<NotificationJson> {
    const row = await store.findNotification(this.db, viewerId, id, this.clock());
    const json = row ? (await this.present([row], viewerId))[0] : undefined;
    if (!json) throw notFound();
    return json;
  }

  async byId(viewerId: number, id: number): Promise<NotificationJson | undefined> {
    const row = await store.findNotification(this.db, viewerId, id, this.clock());
    return row ? (await this.present([row], viewerId))[0] : undefined;
  }

  async dismiss(viewerId: number, id: number): Promise<void> {
    if (!(await store.deleteNotification(this.db, viewerId, id))) throw notFound();
  }

  async clear(viewerId: number): Promise<void> {
    await store.clearNotifications(this.db, viewerId);
  }

  async unreadCount(viewerId: number, sinceId: number, limit: number, filter: store.NotificationFilter = {}): Promise<number> {
    return store.countUnread(this.db, viewerId, sinceId, limit, this.clock(), filter);
  }
}
