// Preview cards in the database: one per link (cached by URL), and the card each status shows.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';
import type { PreviewCardJson } from '../http/entities/preview-card.js';
import { newId } from '../lib/ids.js';

type Db = Kysely<Database>;

export interface StoredCard {
  id: number;
  card: PreviewCardJson;
  fetchedAt: number;
}

export async function findCardByUrl(db: Db, url: string): Promise<StoredCard | undefined> {
  const row = await db.selectFrom('preview_cards').selectAll().where('url', '=', url).executeTakeFirst();
  return row && { id: Number(row.id), card: JSON.parse(row.data) as PreviewCardJson, fetchedAt: Number(row.fetched_at) };
}

/** Saves the link's card (replacing an older fetch of it) and returns its id. */
export async function saveCard(tx: Tx, url: string, card: PreviewCardJson, now: number): Promise<number> {
  const existing = await tx.selectFrom('preview_cards').select('id').where('url', '=', url).executeTakeFirst();
  if (existing) {
    await tx.updateTable('preview_cards').set({ data: JSON.stringify(card), fetched_at: now }).where('id', '=', existing.id).execute();
    return Number(existing.id);
  }
  const id = newId(now);
  await tx.insertInto('preview_cards').values({ id, url, data: JSON.stringify(card), fetched_at: now }).execute();
  return id;
}

/** The status shows this card (or none, with null); recorded for its renderings to change. */
export async function setStatusCard(tx: Tx, statusId: number, cardId: number | null): Promise<void> {
  const current = await tx.selectFrom('status_cards').select('card_id').where('status_id', '=', statusId).executeTakeFirst();
  if ((current ? Number(current.card_id) : null) === cardId) return;
  await tx.deleteFrom('status_cards').where('status_id', '=', statusId).execute();
  if (cardId !== null) await tx.insertInto('status_cards').values({ status_id: statusId, card_id: cardId }).execute();
  tx.emit({ type: 'status.changed', statusId, card: true });
}

/** The cards of these statuses, by status id (statuses without one are absent). */
export async function cardsOfStatuses(db: Db, statusIds: number[]): Promise<Map<number, PreviewCardJson>> {
  if (statusIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('status_cards')
    .innerJoin('preview_cards', 'preview_cards.id', 'status_cards.card_id')
    .select(['status_cards.status_id', 'preview_cards.data'])
    .where('status_cards.status_id', 'in', statusIds)
    .execute();
  return new Map(rows.map((r) => [Number(r.status_id), JSON.parse(r.data) as PreviewCardJson]));
}

/** A deleted status's card link goes (the card stays: other posts may share the link). */
export async function forgetStatus(db: Db, statusId: number): Promise<void> {
  await db.deleteFrom('status_cards').where('status_id', '=', statusId).execute();
}
