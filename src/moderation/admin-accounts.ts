// What staff do to accounts (Mastodon's Admin::AccountAction and the admin accounts API) and
// what each action means here: suspend (AccountService.suspendAccount: no sign-in, no tokens,
// posts shown nowhere), disable (no sign-in, every token refused at once; the account still
// shows), silence (posts reach only followers: visibility/rules.ts), sensitive (its media shown
// sensitive: posts/presenter.ts), none (a warning only). Each is written to the audit log, its
// text kept as an account warning (Mastodon's AccountWarning).
import type { Kysely } from 'kysely';
import type { AccountRow, Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import type { AccountService } from '../accounts/service.js';
import * as accountStore from '../accounts/store.js';
import { ipsOf, ipsOfMany } from '../accounts/ips.js';
import { ApiError, forbidden, notFound } from '../http/errors.js';
import type { UserAuth } from '../http/auth.js';
import type { Page } from '../http/pagination.js';
import { newId } from '../lib/ids.js';
import { recordAction } from './audit-log.js';
import { hasPermission, outranks } from './roles.js';
import { presentAdminAccount, type AdminAccountJson } from './admin-account-presenter.js';
import { findAdminAccounts, type AdminAccountFilter } from './admin-accounts-store.js';
import { purgeAccountData } from './admin-accounts-purge.js';
import { blockCanonicalEmail, unblockCanonicalEmailOf } from './admin-blocks-store.js';

type Db = Kysely<Database>;

export const ACTION_TYPES = ['none', 'sensitive', 'disable', 'silence', 'suspend'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export interface ActionInput {
  type: string;
  report_id?: string;
  warning_preset_id?: string;
  text?: string;
  send_email_notification?: boolean;
}

export interface AdminAccountDeps {
  db: Db;
  write: Write;
  accounts: AccountService;
  publicUrl: string;
  clock: () => number;
  removeFiles(names: string[]): Promise<void>;
  /** Mails the account the moderator's warning text (mail/index.ts); false when email is off. */
  sendWarning?(accountId: number, text: string): Promise<boolean>;
}

/** The audit log's verb for each action type (Mastodon's Admin::ActionLog actions). */
const LOGGED: Record<ActionType, string> = { none: 'warn', sensitive: 'sensitive', disable: 'disable', silence: 'silence', suspend: 'suspend' };

export class AdminAccountService {
  constructor(private readonly deps: AdminAccountDeps) {}

  private get db(): Db {
    return this.deps.db;
  }

  private async row(id: number): Promise<AccountRow> {
    const row = await accountStore.findAccountById(this.db, id);
    if (!row) throw notFound();
    return row;
  }

  async get(id: number): Promise<AdminAccountJson> {
    const row = await this.row(id);
    return presentAdminAccount(row, this.deps.publicUrl, { ips: await ipsOf(this.db, id) });
  }

  async list(filter: AdminAccountFilter, page: Page): Promise<{ accounts: AdminAccountJson[]; cursors: number[] }> {
    const rows = await findAdminAccounts(this.db, filter, page);
    const ips = await ipsOfMany(this.db, rows.map((r) => r.id));
    return { accounts: rows.map((r) => presentAdminAccount(r, this.deps.publicUrl, { ips: ips.get(r.id) ?? [] })), cursors: rows.map((r) => r.id) };
  }

  /**
   * POST /:id/action. Mastodon's policy: staff who may manage users or reports, on an account
   * whose role is below theirs (never themselves).
   */
  async act(actor: UserAuth, targetId: number, input: ActionInput): Promise<void> {
    if (!hasPermission(actor.role, 'manage_users') && !hasPermission(actor.role, 'manage_reports')) throw forbidden();
    const target = await this.row(targetId);
    if (!(ACTION_TYPES as readonly string[]).includes(input.type)) throw new ApiError(422, 'Validation failed: Type is not included in the list');
    const type = input.type as ActionType;
    if (actor.accountId === targetId || !outranks(actor.role, target.role)) throw forbidden();
    const reportId = input.report_id ? Number(input.report_id) : null;
    const now = this.deps.clock();
    switch (type) {
      case 'suspend':
        await this.deps.accounts.suspendAccount(targetId);
        // As Mastodon: the address cannot sign up again while the suspension lasts.
        await blockCanonicalEmail(this.db, target.email, targetId, now);
        break;
      case 'disable':
        await this.setFlag(targetId, 'disabled_at', now);
        break;
      case 'silence':
        await this.setFlag(targetId, 'silenced_at', now);
        break;
      case 'sensitive':
        await this.setFlag(targetId, 'sensitized_at', now);
        break;
      case 'none':
        break;
    }
    const text = input.text?.trim() ?? '';
    await this.deps.write(async (tx) => {
      await recordAction(tx, { actorId: actor.accountId, action: LOGGED[type], targetType: 'Account', targetId, reason: text || null }, now);
      // Mastodon keeps a warning for every action but a bare "none" without text.
      if (type !== 'none' || text) {
        await tx.insertInto('account_warnings').values({ id: newId(now), account_id: actor.accountId, target_account_id: targetId, action: type, text, report_id: reportId, created_at: now }).execute();
      }
      // The report acted on is resolved with the action (Mastodon's report_id), if it is about this account.
      if (reportId !== null) {
        const report = await tx.selectFrom('reports').select(['id', 'action_taken_at']).where('id', '=', reportId).where('target_account_id', '=', targetId).executeTakeFirst();
        if (report && report.action_taken_at === null) {
          await tx.updateTable('reports').set({ action_taken_at: now, action_taken_by_account_id: actor.accountId, updated_at: now }).where('id', '=', reportId).execute();
          await recordAction(tx, { actorId: actor.accountId, action: 'resolve', targetType: 'Report', targetId: reportId }, now);
        }
      }
    });
    // Mailed after the action holds, so a slow mail server cannot undo or hold it.
    if (input.send_email_notification && text && this.deps.sendWarning) {
      void this.deps.sendWarning(targetId, text).catch((error) => console.error('moderation warning mail failed:', error));
    }
  }

  /** Sets or clears a moderation column; disabling also refuses every token and stream at once. */
  private async setFlag(id: number, column: 'disabled_at' | 'silenced_at' | 'sensitized_at', value: number | null): Promise<void> {
    await this.deps.write(async (tx) => {
      await accountStore.updateAccount(tx, id, { [column]: value });
      if (column === 'disabled_at') tx.emit({ type: 'account.access.changed', accountId: id, refused: value !== null });
    });
  }

  /** enable / unsilence / unsensitive: anyone who may manage users, on any account. */
  async undo(actor: UserAuth, targetId: number, what: 'enable' | 'unsilence' | 'unsensitive'): Promise<AdminAccountJson> {
    await this.row(targetId);
    const column = what === 'enable' ? 'disabled_at' : what === 'unsilence' ? 'silenced_at' : 'sensitized_at';
    await this.setFlag(targetId, column, null);
    await this.deps.write((tx) => recordAction(tx, { actorId: actor.accountId, action: what, targetType: 'Account', targetId }, this.deps.clock()).then(() => undefined));
    return this.get(targetId);
  }

  /** Only a suspended account whose data was not deleted (Mastodon: 403 otherwise). */
  async unsuspend(actor: UserAuth, targetId: number): Promise<AdminAccountJson> {
    const target = await this.row(targetId);
    if (!target.suspended_at || target.purged_at) throw forbidden();
    await this.deps.accounts.unsuspendAccount(targetId);
    await unblockCanonicalEmailOf(this.db, targetId);
    await this.deps.write((tx) => recordAction(tx, { actorId: actor.accountId, action: 'unsuspend', targetType: 'Account', targetId }, this.deps.clock()).then(() => undefined));
    return this.get(targetId);
  }

  /** DELETE /:id: only a suspended account's, once (Mastodon's suspended_temporarily?). */
  async purge(actor: UserAuth, targetId: number): Promise<AdminAccountJson> {
    const target = await this.row(targetId);
    if (!target.suspended_at || target.purged_at) throw forbidden();
    const now = this.deps.clock();
    await purgeAccountData({ db: this.db, write: this.deps.write, removeFiles: this.deps.removeFiles, now }, targetId);
    await this.deps.write((tx) => recordAction(tx, { actorId: actor.accountId, action: 'destroy', targetType: 'Account', targetId }, now).then(() => undefined));
    return this.get(targetId);
  }

  /** The account's warnings, newest first (what moderators told it, and why). */
  async warnings(targetId: number): Promise<{ id: string; action: string; text: string; created_at: string }[]> {
    const rows = await this.db.selectFrom('account_warnings').selectAll().where('target_account_id', '=', targetId).orderBy('id', 'desc').limit(100).execute();
    return rows.map((r) => ({ id: String(r.id), action: r.action, text: r.text, created_at: new Date(Number(r.created_at)).toISOString() }));
  }
}
