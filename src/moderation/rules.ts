// Instance rules: what members agree to, cited by reports (category "violation"). Listed to
// everyone by priority (lowest first, as Mastodon orders them); changed by staff with
// manage_rules, each change in the audit log. A deleted rule keeps its row (deleted_at) so a
// report that cited it still shows what it cited.
import type { Kysely } from 'kysely';
import type { Database, RuleRow } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { notFound } from '../http/errors.js';
import { newId } from '../lib/ids.js';
import { recordAction } from './audit-log.js';

type Db = Kysely<Database>;

/** Mastodon's Rule entity (instance and report). */
export interface RuleJson {
  id: string;
  text: string;
  hint: string;
}

/** Sirb's admin view of a rule (CONTRACTS.md): the public fields and what orders and dates it. */
export interface AdminRuleJson extends RuleJson {
  priority: number;
  created_at: string;
  updated_at: string;
}

export const presentRule = (row: RuleRow): RuleJson => ({ id: String(row.id), text: row.text, hint: row.hint });

export const presentAdminRule = (row: RuleRow): AdminRuleJson => ({
  ...presentRule(row),
  priority: row.priority,
  created_at: new Date(row.created_at).toISOString(),
  updated_at: new Date(row.updated_at).toISOString(),
});

const normalize = (row: RuleRow): RuleRow => ({
  ...row,
  id: Number(row.id),
  priority: Number(row.priority),
  created_at: Number(row.created_at),
  updated_at: Number(row.updated_at),
  deleted_at: row.deleted_at === null ? null : Number(row.deleted_at),
});

/** The rules in force, in order. */
export async function listRules(db: Db): Promise<RuleRow[]> {
  const rows = await db.selectFrom('rules').selectAll().where('deleted_at', 'is', null).orderBy('priority', 'asc').orderBy('id', 'asc').execute();
  return rows.map(normalize);
}

/** Rules by id, deleted ones too (what a report cited), in rule order. */
export async function rulesByIds(db: Db, ids: number[]): Promise<RuleRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('rules').selectAll().where('id', 'in', ids).orderBy('priority', 'asc').orderBy('id', 'asc').execute();
  return rows.map(normalize);
}

/** Of these ids, those naming a rule in force. */
export async function liveRuleIds(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('rules').select('id').where('id', 'in', ids).where('deleted_at', 'is', null).execute();
  return new Set(rows.map((r) => Number(r.id)));
}

export interface RuleInput {
  text?: string;
  hint?: string;
  priority?: number;
}

export class RuleService {
  constructor(
    private readonly db: Db,
    private readonly write: Write,
    private readonly clock: () => number,
  ) {}

  list(): Promise<RuleRow[]> {
    return listRules(this.db);
  }

  async create(actorId: number, input: Required<Pick<RuleInput, 'text'>> & RuleInput): Promise<RuleRow> {
    const now = this.clock();
    const row: RuleRow = { id: newId(now), text: input.text, hint: input.hint ?? '', priority: input.priority ?? 0, created_at: now, updated_at: now, deleted_at: null };
    await this.write(async (tx) => {
      await tx.insertInto('rules').values(row).execute();
      await recordAction(tx, { actorId, action: 'create', targetType: 'Rule', targetId: row.id }, now);
    });
    return row;
  }

  async update(actorId: number, id: number, input: RuleInput): Promise<RuleRow> {
    const now = this.clock();
    return this.write(async (tx) => {
      const row = await this.live(tx, id);
      const next: RuleRow = { ...row, text: input.text ?? row.text, hint: input.hint ?? row.hint, priority: input.priority ?? row.priority, updated_at: now };
      await tx.updateTable('rules').set({ text: next.text, hint: next.hint, priority: next.priority, updated_at: now }).where('id', '=', id).execute();
      await recordAction(tx, { actorId, action: 'update', targetType: 'Rule', targetId: id }, now);
      return next;
    });
  }

  async remove(actorId: number, id: number): Promise<void> {
    const now = this.clock();
    await this.write(async (tx) => {
      await this.live(tx, id);
      await tx.updateTable('rules').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
      await recordAction(tx, { actorId, action: 'destroy', targetType: 'Rule', targetId: id }, now);
    });
  }

  private async live(db: Db, id: number): Promise<RuleRow> {
    const row = await db.selectFrom('rules').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw notFound();
    return normalize(row);
  }
}
