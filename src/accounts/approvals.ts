// Sign-ups waiting for a moderator (SIRB_REGISTRATIONS=approval): staff are told of every
// sign-up (Mastodon's admin.sign_up notification), and approve or reject the waiting ones.
// Approve and reject answer as Mastodon's admin API does, and both go to the audit log.
import type { Kysely } from 'kysely';
import type { AccountRow, Database } from '../db/schema.js';
import type { Tx, Write } from '../db/unit-of-work.js';
import { forbidden, notFound } from '../http/errors.js';
import { recordAction } from '../moderation/audit-log.js';
import { hasPermission, outranks, STAFF_ROLES } from '../moderation/roles.js';
import { insertNotification } from '../notifications/store.js';
import * as store from './store.js';

type Db = Kysely<Database>;

/** Tells every staff member who may manage users that someone signed up (in the sign-up's transaction). */
export async function notifyStaffOfSignUp(tx: Tx, accountId: number, now: number): Promise<void> {
  const staff = await tx.selectFrom('accounts').select(['id', 'role']).where('role', 'in', [...STAFF_ROLES]).where('suspended_at', 'is', null).execute();
  for (const member of staff) {
    if (hasPermission(member.role, 'manage_users')) {
      await insertNotification(tx, { accountId: Number(member.id), fromAccountId: accountId, type: 'admin.sign_up', statusId: null, now });
    }
  }
}

/** The waiting account a moderator acts on: 404 if none, 403 if already approved (Mastodon's policy). */
async function pendingAccount(db: Db, actorRole: string | null, id: number): Promise<AccountRow> {
  const row = await store.findAccountById(db, id);
  if (!row) throw notFound();
  if (row.approved === 1 || !outranks(actorRole, row.role)) throw forbidden();
  return row;
}

export async function approveAccount(db: Db, write: Write, actor: { id: number; role: string | null }, id: number, now: number): Promise<AccountRow> {
  await pendingAccount(db, actor.role, id);
  await write(async (tx) => {
    const result = await tx.updateTable('accounts').set({ approved: 1 }).where('id', '=', id).where('approved', '=', 0).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw forbidden();
    await recordAction(tx, { actorId: actor.id, action: 'approve_user', targetType: 'Account', targetId: id }, now);
    tx.emit({ type: 'account.changed', accountId: id });
  });
  return (await store.findAccountById(db, id))!;
}

/**
 * Rejects a waiting sign-up: the account is deleted with everything it could have made while
 * waiting (tokens, codes, mailed links, two-factor set-up, the staff's notifications of it).
 * Its username and address are free again, as on Mastodon.
 */
export async function rejectAccount(db: Db, write: Write, actor: { id: number; role: string | null }, id: number, now: number): Promise<void> {
  await pendingAccount(db, actor.role, id);
  await write(async (tx) => {
    const result = await tx.deleteFrom('accounts').where('id', '=', id).where('approved', '=', 0).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw forbidden();
    const tokens = await tx.selectFrom('tokens').select('token_hash').where('account_id', '=', id).where('revoked_at', 'is', null).execute();
    await tx.deleteFrom('tokens').where('account_id', '=', id).execute();
    for (const token of tokens) tx.emit({ type: 'token.revoked', tokenHash: token.token_hash });
    await tx.deleteFrom('oauth_codes').where('account_id', '=', id).execute();
    await tx.deleteFrom('notifications').where((eb) => eb.or([eb('from_account_id', '=', id), eb('account_id', '=', id)])).execute();
    await tx.deleteFrom('email_tokens').where('account_id', '=', id).execute();
    await tx.deleteFrom('two_factor').where('account_id', '=', id).execute();
    await tx.deleteFrom('two_factor_recovery_codes').where('account_id', '=', id).execute();
    await recordAction(tx, { actorId: actor.id, action: 'reject_user', targetType: 'Account', targetId: id }, now);
  });
}
