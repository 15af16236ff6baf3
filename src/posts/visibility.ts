// Who may see a status: public and unlisted are for everyone; private (followers-only) for the
// author, their followers and those mentioned; direct for the author and those mentioned.
import type { Kysely } from 'kysely';
import type { Database, StatusRow } from '../db/schema.js';

export const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export async function canSee(db: Kysely<Database>, status: StatusRow, viewerId?: number): Promise<boolean> {
  if (status.visibility === 'public' || status.visibility === 'unlisted') return true;
  if (viewerId === undefined) return false;
  if (status.account_id === viewerId) return true;
  const mentioned = await db
    .selectFrom('status_mentions')
    .select('account_id')
    .where('status_id', '=', status.id)
    .where('account_id', '=', viewerId)
    .executeTakeFirst();
  if (mentioned) return true;
  if (status.visibility === 'direct') return false;
  const follows = await db
    .selectFrom('follows')
    .select('account_id')
    .where('account_id', '=', viewerId)
    .where('target_account_id', '=', status.account_id)
    .executeTakeFirst();
  return !!follows;
}

export async function visibleAmong(db: Kysely<Database>, statuses: StatusRow[], viewerId?: number): Promise<StatusRow[]> {
  const out: StatusRow[] = [];
  for (const s of statuses) {
    // Only private/direct statuses cost a query; public ones pass straight through.
    if (await canSee(db, s, viewerId)) out.push(s);
  }
  return out;
}
