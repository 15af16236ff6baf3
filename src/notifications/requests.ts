// The notification policy and requests for the API (Mastodon 4.3): the policy with its summary,
// and the senders whose notifications it held back, to accept or dismiss.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { notFound } from '../http/errors.js';
import type { Page } from '../http/pagination.js';
import { findAccountsByIds } from '../accounts/store.js';
import type { AccountService } from '../accounts/service.js';
import type { AccountJson } from '../accounts/presenter.js';
import { findStatusesByIds } from '../posts/store.js';
import type { StatusJson, StatusPresenter } from '../posts/presenter.js';
import type { VisibilityService } from '../visibility/service.js';
import { findPolicy, savePolicy, type Policy, type PolicyKey } from './policy.js';
import * as requests from './requests-store.js';

export interface NotificationRequestJson {
  id: string;
  created_at: string;
  updated_at: string;
  account: AccountJson;
  notifications_count: string;
  last_status?: StatusJson;
}

export type PolicyJson = Policy & { summary: Awaited<ReturnType<typeof requests.pendingSummary>> };

export class NotificationRequestService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: Write,
    private readonly presenter: StatusPresenter,
    private readonly accounts: AccountService,
    private readonly visibility: VisibilityService,
    private readonly clock: () => number = Date.now,
  ) {}

  async policy(accountId: number): Promise<PolicyJson> {
    const [policy, summary] = await Promise.all([findPolicy(this.db, accountId), requests.pendingSummary(this.db, accountId)]);
    return { ...policy, summary };
  }

  async updatePolicy(accountId: number, changes: Partial<Record<PolicyKey, string>>): Promise<PolicyJson> {
    await savePolicy(this.db, accountId, changes, this.clock());
    return this.policy(accountId);
  }

  async list(accountId: number, page: Page): Promise<{ requests: NotificationRequestJson[]; cursors: number[] }> {
    const rows = await requests.requestPage(this.db, accountId, page);
    return { requests: await this.present(accountId, rows), cursors: rows.map((r) => Number(r.id)) };
  }

  async get(accountId: number, id: number): Promise<NotificationRequestJson> {
    const [json] = await this.present(accountId, await requests.findRequests(this.db, accountId, [id]));
    if (!json) throw notFound();
    return json;
  }

  /** Accepts the requests named (a single one that is not the account's: 404). */
  async accept(accountId: number, ids: number[], single = false): Promise<void> {
    const rows = await requests.findRequests(this.db, accountId, ids);
    if (single && rows.length === 0) throw notFound();
    if (rows.length) await this.write((tx) => requests.acceptRequests(tx, accountId, rows, this.clock()));
  }

  async dismiss(accountId: number, ids: number[], single = false): Promise<void> {
    const rows = await requests.findRequests(this.db, accountId, ids);
    if (single && rows.length === 0) throw notFound();
    if (rows.length) await this.write((tx) => requests.dismissRequests(tx, accountId, rows.map((r) => Number(r.id))));
  }

  private async present(accountId: number, rows: requests.NotificationRequestRow[]): Promise<NotificationRequestJson[]> {
    const senders = rows.map((r) => Number(r.from_account_id));
    const [accountRows, statusRows, counts] = await Promise.all([
      findAccountsByIds(this.db, senders),
      findStatusesByIds(this.db, rows.flatMap((r) => (r.last_status_id == null ? [] : [Number(r.last_status_id)]))),
      requests.filteredCounts(this.db, accountId, senders),
    ]);
    const accounts = new Map(accountRows.filter((a) => !a.suspended_at).map((a) => [a.id, this.accounts.present(a)]));
    const statuses = new Map((await this.presenter.present(await this.visibility.visibleAmong(statusRows, accountId), accountId)).map((s) => [Number(s.id), s]));
    return rows.flatMap((row) => {
      const account = accounts.get(Number(row.from_account_id));
      if (!account) return [];
      const json: NotificationRequestJson = {
        id: String(row.id),
        created_at: new Date(Number(row.created_at)).toISOString(),
        updated_at: new Date(Number(row.updated_at)).toISOString(),
        account,
        notifications_count: String(counts.get(Number(row.from_account_id)) ?? 0),
      };
      const status = row.last_status_id == null ? undefined : statuses.get(Number(row.last_status_id));
      if (status) json.last_status = status;
      return [json];
    });
  }
}
