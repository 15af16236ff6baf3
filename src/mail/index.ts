// The email flows: sign-up confirmation, password reset and moderation warnings, each in the
// account's language. All are no-ops that say so (false) where SMTP_URL is unset.
import type { AppContext } from '../context.js';
import { findAccountById, findAccountByLogin } from '../accounts/store.js';
import { hashPassword } from '../accounts/passwords.js';
import type { AccountRow } from '../db/schema.js';
import { issueEmailToken, takeEmailToken } from './email-tokens.js';
import { confirmationMessage, mailLang, moderationWarningMessage, passwordResetMessage } from './messages.js';

type MailContext = Pick<AppContext, 'mailer' | 'db' | 'config' | 'clock' | 'write'>;

/** Mails the sign-up's confirmation link. False when email is off (the account is confirmed then). */
export async function sendConfirmation(ctx: MailContext, account: AccountRow): Promise<boolean> {
  if (!ctx.mailer) return false;
  const token = await issueEmailToken(ctx.db.kysely, account.id, 'confirm', ctx.clock());
  const link = `${ctx.config.publicUrl}/auth/confirmation?confirmation_token=${token}&lang=${mailLang(account.locale)}`;
  await ctx.mailer.send(confirmationMessage(mailLang(account.locale), account.email, account.username, link));
  return true;
}

/** Confirms the account a confirmation link was for; false if the link is unknown, used or expired. */
export async function confirmEmail(ctx: MailContext, token: string): Promise<boolean> {
  return ctx.write(async (tx) => {
    const accountId = await takeEmailToken(tx, token, 'confirm', ctx.clock());
    if (accountId === null) return false;
    await tx.updateTable('accounts').set({ confirmed: 1 }).where('id', '=', accountId).execute();
    tx.emit({ type: 'account.changed', accountId });
    return true;
  });
}

/**
 * Mails a reset link if the address (or username) has an account; the caller answers the same
 * either way, so the form does not tell who is registered. False when email is off.
 */
export async function requestPasswordReset(ctx: MailContext, login: string): Promise<boolean> {
  if (!ctx.mailer) return false;
  const account = await findAccountByLogin(ctx.db.kysely, login.trim());
  if (!account || account.suspended_at) return true;
  const token = await issueEmailToken(ctx.db.kysely, account.id, 'reset', ctx.clock());
  const link = `${ctx.config.publicUrl}/auth/password/edit?reset_password_token=${token}&lang=${mailLang(account.locale)}`;
  await ctx.mailer.send(passwordResetMessage(mailLang(account.locale), account.email, account.username, link));
  return true;
}

/**
 * Sets a new password from a reset link and signs the account out everywhere (every token
 * revoked, in every process). Following the link proves the address, so it confirms it too.
 */
export async function resetPassword(ctx: MailContext, token: string, password: string): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  const now = ctx.clock();
  return ctx.write(async (tx) => {
    const accountId = await takeEmailToken(tx, token, 'reset', now);
    if (accountId === null) return false;
    await tx.updateTable('accounts').set({ password_hash: passwordHash, confirmed: 1 }).where('id', '=', accountId).execute();
    const live = await tx.selectFrom('tokens').select('token_hash').where('account_id', '=', accountId).where('revoked_at', 'is', null).execute();
    await tx.updateTable('tokens').set({ revoked_at: now }).where('account_id', '=', accountId).where('revoked_at', 'is', null).execute();
    for (const row of live) tx.emit({ type: 'token.revoked', tokenHash: row.token_hash });
    return true;
  });
}

/**
 * Mails a moderator's warning to the account, in its language (admin actions call this with
 * the action's text). False when email is off or the account is gone.
 */
export async function sendModerationWarning(ctx: MailContext, accountId: number, text: string): Promise<boolean> {
  if (!ctx.mailer) return false;
  const account = await findAccountById(ctx.db.kysely, accountId);
  if (!account) return false;
  await ctx.mailer.send(moderationWarningMessage(mailLang(account.locale), account.email, account.username, text));
  return true;
}
