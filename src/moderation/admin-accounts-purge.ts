// DELETE /api/v1/admin/accounts/:id: a suspended account's data goes for good (Mastodon's
// DeleteAccountService with reserve_username): its posts and their media, its reblogs,
// favourites and bookmarks, its follows both ways, notifications to and from it, its tokens
// and addresses. Its row stays, suspended and emptied, so the name is never taken again.
// Counters of others (followers, reblogs, favourites, replies) are kept right, and every
// change is announced (caches, streams) through the usual store writes.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Tx, Write } from '../db/unit-of-work.js';
import * as posts from '../posts/store.js';
import { adjustAccountCounter } from '../accounts/store.js';
import { stopFollowing } from '../accounts/follow-writes.js';
import { deleteMediaOfStatuses } from '../media/store.js';
import { deleteConversationsOf } from '../conversations/store.js';

type Db = Kysely<Database>;

/** Statuses per transaction: small enough that other writes are not held up for long. */
const BATCH = 100;

export interface PurgeDeps {
  db: Db;
  write: Write;
  /** Deletes media files once their rows are gone (MediaService.removeFiles). */
  removeFiles(names: string[]): Promise<void>;
  now: number;
}

export async function purgeAccountData(deps: PurgeDeps, accountId: number): Promise<void> {
  const { db, write } = deps;
  for (;;) {
    const batch = await db.selectFrom('statuses').selectAll().where('account_id', '=', accountId).orderBy('id', 'desc').limit(BATCH).execute();
    if (batch.length === 0) break;
    const files = await write(async (tx) => {
      for (const row of batch) await deleteOne(tx, row);
      return deleteMediaOfStatuses(tx, batch.map((r) => r.id));
    });
    await deps.removeFiles(files);
  }
  const uploads = await write(async (tx) => {
    const favourited = await tx.selectFrom('favourites').select('status_id').where('account_id', '=', accountId).execute();
    for (const { status_id } of favourited) await posts.adjustStatusCounter(tx, Number(status_id), 'favourites_count', -1);
    await tx.deleteFrom('favourites').where('account_id', '=', accountId).execute();
    await tx.deleteFrom('bookmarks').where('account_id', '=', accountId).execute();
    const following = await tx.selectFrom('follows').select('target_account_id').where('account_id', '=', accountId).execute();
    for (const f of following) await stopFollowing(tx, accountId, Number(f.target_account_id));
    const followers = await tx.selectFrom('follows').select('account_id').where('target_account_id', '=', accountId).execute();
    for (const f of followers) await stopFollowing(tx, Number(f.account_id), accountId);
    await tx.deleteFrom('follow_requests').where((eb) => eb.or([eb('account_id', '=', accountId), eb('target_account_id', '=', accountId)])).execute();
    await tx.deleteFrom('notifications').where((eb) => eb.or([eb('account_id', '=', accountId), eb('from_account_id', '=', accountId)])).execute();
    const tokens = await tx.updateTable('tokens').set({ revoked_at: deps.now }).where('account_id', '=', accountId).where('revoked_at', 'is', null).returning('token_hash').execute();
    for (const t of tokens) tx.emit({ type: 'token.revoked', tokenHash: t.token_hash });
    await tx.deleteFrom('markers').where('account_id', '=', accountId).execute();
    await tx.deleteFrom('idempotency_keys').where('account_id', '=', accountId).execute();
    await tx.deleteFrom('account_ips').where('account_id', '=', accountId).execute();
    // Hook for tables other branches add (blocks, mutes, filters, reports): delete theirs here.
    await deleteConversationsOf(tx, accountId);
    for (const table of ['notification_requests', 'notification_permissions'] as const) {
      await tx.deleteFrom(table).where((eb) => eb.or([eb('account_id', '=', accountId), eb('from_account_id', '=', accountId)])).execute();
    }
    await tx.deleteFrom('notification_policies').where('account_id', '=', accountId).execute();
    await tx.deleteFrom('featured_tags').where('account_id', '=', accountId).execute();
    await tx.deleteFrom('account_notes').where((eb) => eb.or([eb('account_id', '=', accountId), eb('target_account_id', '=', accountId)])).execute();
    const unattached = await tx.deleteFrom('media_attachments').where('account_id', '=', accountId).returning('file_name').execute();
    const profile = await tx.selectFrom('accounts').select(['avatar_url', 'header_url']).where('id', '=', accountId).executeTakeFirst();
    await tx
      .updateTable('accounts')
      .set({ display_name: '', note: '', fields: '[]', avatar_url: null, header_url: null, search_text: '', statuses_count: 0, followers_count: 0, following_count: 0, last_status_at: null, purged_at: deps.now })
      .where('id', '=', accountId)
      .execute();
    tx.emit({ type: 'account.changed', accountId });
    const images = [profile?.avatar_url, profile?.header_url].flatMap((url) => (url?.startsWith('/media/') ? [url.slice('/media/'.length).replace(/\.webp$/, '')] : []));
    return [...unattached.map((u) => u.file_name), ...images];
  });
  await deps.removeFiles(uploads);
}

/** One status of the account, as its author deleting it would (posts/service.ts remove). */
async function deleteOne(tx: Tx, row: Awaited<ReturnType<typeof posts.findStatus>> & object): Promise<void> {
  if (!(await posts.deleteStatusRow(tx, row.id))) return;
  if (row.reblog_of_id !== null) {
    await posts.adjustStatusCounter(tx, row.reblog_of_id, 'reblogs_count', -1);
    return;
  }
  if (row.in_reply_to_id !== null) await posts.adjustStatusCounter(tx, row.in_reply_to_id, 'replies_count', -1);
  const reblogs = await posts.deleteStatusCascade(tx, row.id);
  const deltas = new Map<number, number>();
  for (const reblog of reblogs) if (reblog.account_id !== row.account_id) deltas.set(reblog.account_id, (deltas.get(reblog.account_id) ?? 0) - 1);
  for (const [account, delta] of [...deltas].sort((a, b) => a[0] - b[0])) await adjustAccountCounter(tx, account, 'statuses_count', delta);
}
