// What readers do to a status: reblog it, favourite it, bookmark it, and the lists of who did.
// Each is a small write beside the status (a reblog row, a mark) with its counter and its
// notification; PostService (service.ts) answers for them, and shows the status once it is done.
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database, StatusRow } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { forbidden, notFound, unprocessable } from '../http/errors.js';
import { newId } from '../lib/ids.js';
import { adjustAccountCounter, findAccountById, findAccountsByIds } from '../accounts/store.js';
import { presentAccount, type AccountJson } from '../accounts/presenter.js';
import { insertNotification, deleteNotificationsFor } from '../notifications/store.js';
import type { StatusPresenter, StatusJson } from './presenter.js';
import { mayReblog, reblogVisibility, type Visibility } from '../visibility/rules.js';
import type { VisibilityService } from '../visibility/service.js';
import { accountShownCondition } from '../visibility/sql.js';
import * as store from './store.js';

/** What interactions ask of PostService: the status as the viewer may see it, before and after. */
export interface StatusReads {
  visibleStatus(id: number, viewerId?: number): Promise<StatusRow>;
  show(id: number, viewerId?: number): Promise<StatusJson>;
}

export class StatusInteractions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: Config,
    private readonly write: Write,
    private readonly presenter: StatusPresenter,
    private readonly visibility: VisibilityService,
    private readonly clock: () => number,
    private readonly reads: StatusReads,
  ) {}

  /** As Mastodon: never wider than the original, else as asked or the account's default; others' private/direct: 403. */
  async reblog(accountId: number, id: number, requested?: string): Promise<StatusJson> {
    const original = await this.reads.visibleStatus(id, accountId);
    const target = original.reblog_of_id !== null ? await this.reads.visibleStatus(original.reblog_of_id, accountId) : original;
    if (!mayReblog(accountId, { accountId: target.account_id, visibility: target.visibility })) {
      throw forbidden('This post cannot be reposted');
    }
    const existing = await store.findReblog(this.db, accountId, target.id);
    if (existing) return (await this.presenter.presentOne(existing, accountId))!;
    const visibility = requested ?? (await findAccountById(this.db, accountId))?.default_visibility ?? 'public';
    if (!['public', 'unlisted', 'private'].includes(visibility)) throw unprocessable('Validation failed: Visibility is not included in the list');
    // Never wider than the original's: a self-boost of a followers-only post stays with followers.
    const shownTo = reblogVisibility(visibility as Visibility, target.visibility);
    const now = this.clock();
    const reblogId = newId(now);
    const raced = await this.write(async (trx) => {
      // A double tap sends two reblogs at once: with the original's row locked, the second
      // waits for the first and then finds its reblog instead of making another.
      if (!(await store.lockStatus(trx, target.id))) throw notFound();
      const first = await store.findReblog(trx, accountId, target.id);
      if (first) return first;
      await store.insertStatus(trx, {
        id: reblogId, account_id: accountId, text: '', content: '', spoiler_text: '', sensitive: 0,
        visibility: shownTo, language: null, in_reply_to_id: null, in_reply_to_account_id: null, reblog_of_id: target.id,
        app_id: null, search_text: '', created_at: now, edited_at: null,
      });
      await store.adjustStatusCounter(trx, target.id, 'reblogs_count', 1);
      await adjustAccountCounter(trx, accountId, 'statuses_count', 1);
      await insertNotification(trx, { accountId: target.account_id, fromAccountId: accountId, type: 'reblog', statusId: target.id, now });
      return undefined;
    });
    if (raced) return (await this.presenter.presentOne(raced, accountId))!;
    return (await this.presenter.presentOne((await store.findStatus(this.db, reblogId))!, accountId))!;
  }

  async unreblog(accountId: number, id: number): Promise<StatusJson> {
    const target = await this.reads.visibleStatus(id, accountId);
    const existing = await store.findReblog(this.db, accountId, target.id);
    if (existing) {
      await this.write(async (trx) => {
        // The original first, as delete takes it; then the reblog. Already undone by a
        // concurrent request: nothing more to count down.
        if (!(await store.lockStatus(trx, target.id))) return;
        if (!(await store.deleteStatusRow(trx, existing.id))) return;
        await store.adjustStatusCounter(trx, target.id, 'reblogs_count', -1);
        await adjustAccountCounter(trx, accountId, 'statuses_count', -1);
        await deleteNotificationsFor(trx, { fromAccountId: accountId, type: 'reblog', statusId: target.id });
      });
    }
    return this.reads.show(target.id, accountId);
  }

  async favourite(accountId: number, id: number, on: boolean): Promise<StatusJson> {
    const status = await this.reads.visibleStatus(id, accountId);
    if (status.reblog_of_id !== null) return this.favourite(accountId, status.reblog_of_id, on);
    const now = this.clock();
    await this.write(async (trx) => {
      // The status row first, as delete takes it (and a deleted status is not favourited).
      if (!(await store.lockStatus(trx, id))) throw notFound();
      if (on) {
        if (await store.insertMark(trx, 'favourites', { id: newId(now), account_id: accountId, status_id: id, created_at: now })) {
          await store.adjustStatusCounter(trx, id, 'favourites_count', 1);
          await insertNotification(trx, { accountId: status.account_id, fromAccountId: accountId, type: 'favourite', statusId: id, now });
        }
      } else if (await store.deleteMark(trx, 'favourites', accountId, id)) {
        await store.adjustStatusCounter(trx, id, 'favourites_count', -1);
        await deleteNotificationsFor(trx, { fromAccountId: accountId, type: 'favourite', statusId: id });
      }
    });
    return this.reads.show(id, accountId);
  }

  async bookmark(accountId: number, id: number, on: boolean): Promise<StatusJson> {
    const status = await this.reads.visibleStatus(id, accountId);
    if (status.reblog_of_id !== null) return this.bookmark(accountId, status.reblog_of_id, on);
    const now = this.clock();
    await this.write((trx) =>
      on
        ? store.insertMark(trx, 'bookmarks', { id: newId(now), account_id: accountId, status_id: id, created_at: now })
        : store.deleteMark(trx, 'bookmarks', accountId, id),
    );
    return this.reads.show(id, accountId);
  }

  /** The viewer's bookmarks or favourites; cursors are the marks' ids, as Mastodon pages them. */
  async marked(accountId: number, table: 'favourites' | 'bookmarks', page: Parameters<typeof store.markPage>[3]) {
    const marks = await store.markPage(this.db, table, accountId, page);
    // A status marked once may have become hidden since (its author suspended, unfollowed).
    const rows = await this.visibility.visibleAmong(await store.statusesInOrder(this.db, marks.map((m) => m.status_id)), accountId);
    return { statuses: await this.presenter.present(rows, accountId), cursors: marks.map((m) => m.id) };
  }

  async whoActed(id: number, action: 'favourited_by' | 'reblogged_by', page: Parameters<typeof store.markPage>[3], viewerId?: number) {
    await this.reads.visibleStatus(id, viewerId);
    // Not suspended accounts, nor (Mastodon) those the viewer blocks, is blocked by or mutes.
    const viewer = viewerId === undefined ? undefined : { id: viewerId, now: this.clock() };
    const entries =
      action === 'favourited_by'
        ? await store.markersOfStatus(this.db, 'favourites', id, page, accountShownCondition(this.db, 'favourites.account_id', viewer))
        : await store.rebloggersOfStatus(this.db, id, page, accountShownCondition(this.db, 'statuses.account_id', viewer));
    const rows = await findAccountsByIds(this.db, entries.map((e) => e.account_id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const accounts: AccountJson[] = entries.flatMap((e) => {
      const row = byId.get(e.account_id);
      return row && !row.suspended_at ? [presentAccount(row, this.config.publicUrl)] : [];
    });
    return { accounts, cursors: entries.map((e) => e.id) };
  }
}
