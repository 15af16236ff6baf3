// The moderators' audit log: who did what to whom, when and why. Append-only by construction:
// this module can add and read entries, and nothing in Sirb updates or deletes them.
import type { Kysely } from 'kysely';
import type { Selectable } from 'kysely';
import type { AdminActionLogsTable, Database } from '../db/schema.js';
import { newId } from '../lib/ids.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';

type Db = Kysely<Database>;

/** What was acted on: Mastodon's admin targets. */
export type AuditTargetType = 'Account' | 'Report' | 'Status' | 'Rule' | 'EmailDomainBlock' | 'CanonicalEmailBlock' | 'IpBlock' | 'Invite' | 'Instance' | 'Announcement';

export interface AuditEntry {
  /** The staff member who acted. */
  actorId: number;
  /** A verb in Mastodon's terms: suspend, unsuspend, silence, resolve, assign_to_self, create… */
  action: string;
  targetType: AuditTargetType;
  targetId: string | number;
  reason?: string | null;
}

/** A stored entry: the table's row (db/schema.ts). */
export type AuditLogRow = Selectable<AdminActionLogsTable>;

/** Records one action; call it in the same transaction as the action where there is one. */
export async function recordAction(db: Db, entry: AuditEntry, now = Date.now()): Promise<AuditLogRow> {
  const row: AuditLogRow = {
    id: newId(now),
    account_id: entry.actorId,
    action: entry.action,
    target_type: entry.targetType,
    target_id: String(entry.targetId),
    reason: entry.reason ?? null,
    created_at: now,
  };
  await db.insertInto('admin_action_logs').values(row).execute();
  return row;
}

export interface AuditQuery {
  maxId?: number;
  sinceId?: number;
  /** The entries just newer than this one (the previous page), as min_id does everywhere. */
  minId?: number;
  limit: number;
  actorId?: number;
  targetType?: AuditTargetType;
  targetId?: string;
}

/** Entries newest first, in pages (max_id / min_id as everywhere in the API). */
export async function listActions(db: Db, query: AuditQuery): Promise<AuditLogRow[]> {
  let q = db.selectFrom('admin_action_logs').selectAll();
  if (query.actorId !== undefined) q = q.where('account_id', '=', query.actorId);
  if (query.targetType !== undefined) q = q.where('target_type', '=', query.targetType);
  if (query.targetId !== undefined) q = q.where('target_id', '=', query.targetId);
  const page = { maxId: query.maxId, sinceId: query.sinceId, minId: query.minId, limit: query.limit };
  const rows = newestFirst(await applyKeyset(q, 'id', page).execute(), page);
  return rows.map((r) => ({ ...r, id: Number(r.id), account_id: Number(r.account_id), created_at: Number(r.created_at) }));
}

/**
 * Records many actions in one statement (a mass suspension logs one entry per account, and a
 * round trip each would cost more than the suspension itself). Same rows as recordAction.
 */
export async function recordActions(db: Db, entries: AuditEntry[], now = Date.now()): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('admin_action_logs')
    .values(entries.map((entry) => ({
      id: newId(now),
      account_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: String(entry.targetId),
      reason: entry.reason ?? null,
      created_at: now,
    })))
    .execute();
}
