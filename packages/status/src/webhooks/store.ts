// Webhook subscriptions and their delivery outbox. Deliveries are rows, so retries survive a
// restart of the status service.
import crypto from 'node:crypto';
import type { ComponentId } from '../components/catalog.js';
import { newId } from '../ids.js';
import type { StatusDb } from '../store/database.js';

export interface Subscription {
  id: string;
  url: string;
  secret: string;
  createdAt: number;
  /** The components it is about; empty: all of them. */
  components: ComponentId[];
}

export async function createSubscription(db: StatusDb, url: string, now: number, components: ComponentId[] = []): Promise<Subscription> {
  const sub = { id: newId(), url, secret: crypto.randomBytes(24).toString('base64url'), createdAt: now, components };
  await db.kysely.insertInto('subscriptions').values({ id: sub.id, url, secret: sub.secret, created_at: now, components: JSON.stringify(components) }).execute();
  return sub;
}

/**
 * Whether a subscriber limited to `wanted` components hears of an event about `affected` ones.
 * An event naming no component (an incident about everything) reaches every subscriber.
 */
export function concerns(wanted: readonly string[], affected: readonly string[] | undefined): boolean {
  if (wanted.length === 0 || affected === undefined || affected.length === 0) return true;
  return affected.some((c) => wanted.includes(c));
}

export async function listSubscriptions(db: StatusDb): Promise<Subscription[]> {
  const rows = await db.kysely.selectFrom('subscriptions').selectAll().orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, url: r.url, secret: r.secret, createdAt: r.created_at, components: JSON.parse(r.components) as ComponentId[] }));
}

export async function deleteSubscription(db: StatusDb, id: string): Promise<boolean> {
  const result = await db.kysely.deleteFrom('subscriptions').where('id', '=', id).executeTakeFirst();
  await db.kysely.deleteFrom('deliveries').where('subscription_id', '=', id).where('delivered_at', 'is', null).execute();
  return Number(result.numDeletedRows) > 0;
}

/** Queues the event for every subscription it concerns (`affected`: the components it is about). */
export async function enqueue(db: StatusDb, event: string, payload: unknown, now: number, affected?: readonly string[]): Promise<number> {
  const subs = (await listSubscriptions(db)).filter((s) => concerns(s.components, affected));
  if (subs.length === 0) return 0;
  const body = JSON.stringify(payload);
  await db.kysely
    .insertInto('deliveries')
    .values(subs.map((s) => ({ subscription_id: s.id, event, payload: body, attempts: 0, next_at: now })))
    .execute();
  return subs.length;
}

export interface DueDelivery {
  id: number;
  event: string;
  payload: string;
  attempts: number;
  url: string;
  secret: string;
}

export async function dueDeliveries(db: StatusDb, now: number, limit = 20): Promise<DueDelivery[]> {
  return db.kysely
    .selectFrom('deliveries')
    .innerJoin('subscriptions', 'subscriptions.id', 'deliveries.subscription_id')
    .select(['deliveries.id', 'deliveries.event', 'deliveries.payload', 'deliveries.attempts', 'subscriptions.url', 'subscriptions.secret'])
    .where('deliveries.delivered_at', 'is', null)
    .where('deliveries.failed_at', 'is', null)
    .where('deliveries.next_at', '<=', now)
    .orderBy('deliveries.id')
    .limit(limit)
    .execute();
}

export async function markDelivered(db: StatusDb, id: number, attempts: number, now: number): Promise<void> {
  await db.kysely.updateTable('deliveries').set({ delivered_at: now, attempts, last_error: null }).where('id', '=', id).execute();
}

export async function markRetry(db: StatusDb, id: number, attempts: number, nextAt: number | null, error: string, now: number): Promise<void> {
  await db.kysely
    .updateTable('deliveries')
    .set(nextAt === null ? { attempts, failed_at: now, last_error: error } : { attempts, next_at: nextAt, last_error: error })
    .where('id', '=', id)
    .execute();
}

export async function deliveryLog(db: StatusDb, limit = 50) {
  return db.kysely.selectFrom('deliveries').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
