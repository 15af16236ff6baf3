// Invite links (Sirb extension: Mastodon has invites in its web UI only). An invite lets its
// holder sign up while registrations are closed and skips approval, as on Mastodon; each use
// is claimed by one conditional update, so max_uses holds under concurrent sign-ups.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, InvitesTable } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';
import { notFound } from '../http/errors.js';
import { newId } from '../lib/ids.js';

type Db = Kysely<Database>;
type InviteRow = { [K in keyof InvitesTable]: K extends 'uses' ? number : InvitesTable[K] };

export interface InviteJson {
  id: string;
  code: string;
  url: string;
  uses: number;
  max_uses: number | null;
  expires_at: string | null;
  created_at: string;
}

// Unambiguous letters and digits: the code may be read out or typed from paper.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_CODE_PATTERN = /^[A-Za-z0-9]{1,64}$/;

function newCode(): string {
  const bytes = crypto.randomBytes(12);
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

export function presentInvite(row: InviteRow, publicUrl: string): InviteJson {
  return {
    id: String(row.id),
    code: row.code,
    // The web app's sign-up page reads ?invite= (web/src/pages/Welcome.tsx).
    url: `${publicUrl}/?invite=${row.code}`,
    uses: Number(row.uses),
    max_uses: row.max_uses === null ? null : Number(row.max_uses),
    expires_at: row.expires_at === null ? null : new Date(Number(row.expires_at)).toISOString(),
    created_at: new Date(Number(row.created_at)).toISOString(),
  };
}

export async function createInvite(db: Db, accountId: number, options: { maxUses?: number; expiresIn?: number }, now: number): Promise<InviteRow> {
  const row: InviteRow = {
    id: newId(now),
    account_id: accountId,
    code: newCode(),
    max_uses: options.maxUses ?? null,
    uses: 0,
    expires_at: options.expiresIn ? now + options.expiresIn * 1000 : null,
    created_at: now,
  };
  await db.insertInto('invites').values(row).execute();
  return row;
}

export function listInvites(db: Db, accountId: number): Promise<InviteRow[]> {
  return db.selectFrom('invites').selectAll().where('account_id', '=', accountId).orderBy('id', 'desc').limit(200).execute();
}

/** Expires one's own invite at once (Mastodon expires rather than deletes: history stays). */
export async function expireInvite(db: Db, accountId: number, id: number, now: number): Promise<void> {
  const result = await db.updateTable('invites').set({ expires_at: now }).where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound();
}

/** Takes one use of a valid invite (not expired, not used up); its id, or null. */
export async function claimInvite(tx: Tx, code: string, now: number): Promise<number | null> {
  if (!INVITE_CODE_PATTERN.test(code)) return null;
  const invite = await tx.selectFrom('invites').select(['id']).where('code', '=', code).executeTakeFirst();
  if (!invite) return null;
  const result = await tx
    .updateTable('invites')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', invite.id)
    .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? Number(invite.id) : null;
}

/** Whether a code would let someone in now (the sign-up page asks before showing its form). */
export async function inviteIsValid(db: Db, code: string, now: number): Promise<boolean> {
  if (!INVITE_CODE_PATTERN.test(code)) return false;
  const row = await db.selectFrom('invites').selectAll().where('code', '=', code).executeTakeFirst();
  return !!row && (row.max_uses === null || Number(row.uses) < Number(row.max_uses)) && (row.expires_at === null || Number(row.expires_at) > now);
}
