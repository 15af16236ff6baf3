// Email subscribers and their outbox. Messages are rows, so a failed or interrupted send is
// retried after a restart, like webhook deliveries.
import crypto from 'node:crypto';
import type { ComponentId } from '../components/catalog.js';
import type { Lang } from '../i18n.js';
import { newId } from '../ids.js';
import type { StatusDb } from '../store/database.js';
import type { EmailSubscriberTable } from '../store/schema.js';

export interface EmailSubscriber {
  id: string;
  email: string;
  lang: Lang;
  components: ComponentId[];
  token: string;
  confirmedAt: number | null;
  createdAt: number;
  confirmSentAt: number | null;
}

function toSubscriber(r: EmailSubscriberTable): EmailSubscriber {
  return { id: r.id, email: r.email, lang: r.lang === 'en' ? 'en' : 'ar', components: JSON.parse(r.components) as ComponentId[], token: r.token, confirmedAt: r.confirmed_at, createdAt: r.created_at, confirmSentAt: r.confirm_sent_at };
}

export async function findByEmail(db: StatusDb, email: string): Promise<EmailSubscriber | undefined> {
  const row = await db.kysely.selectFrom('email_subscribers').selectAll().where('email', '=', email).executeTakeFirst();
  return row && toSubscriber(row);
}

export async function findByToken(db: StatusDb, token: string): Promise<EmailSubscriber | undefined> {
  const row = await db.kysely.selectFrom('email_subscribers').selectAll().where('token', '=', token).executeTakeFirst();
  return row && toSubscriber(row);
}

/**
 * A new pending subscriber, or the pending one with its choices updated. A confirmed subscriber is
 * left as it is: whoever knows an address must not change what its owner receives.
 */
export async function upsertPending(db: StatusDb, email: string, lang: Lang, components: ComponentId[], now: number): Promise<EmailSubscriber> {
  const existing = await findByEmail(db, email);
  if (existing?.confirmedAt != null) return existing;
  if (existing) {
    await db.kysely.updateTable('email_subscribers').set({ lang, components: JSON.stringify(components) }).where('id', '=', existing.id).execute();
    return { ...existing, lang, components };
  }
  const row = { id: newId(), email, lang, components: JSON.stringify(components), token: crypto.randomBytes(24).toString('base64url'), confirmed_at: null, created_at: now, confirm_sent_at: null };
  await db.kysely.insertInto('email_subscribers').values(row).execute();
  return toSubscriber(row);
}

export async function markConfirmSent(db: StatusDb, id: string, now: number): Promise<void> {
  await db.kysely.updateTable('email_subscribers').set({ confirm_sent_at: now }).where('id', '=', id).execute();
}

export async function confirmationsSince(db: StatusDb, since: number): Promise<number> {
  const row = await db.kysely.selectFrom('email_subscribers').select((eb) => eb.fn.countAll<number>().as('n')).where('confirm_sent_at', '>=', since).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function confirm(db: StatusDb, id: string, now: number): Promise<void> {
  await db.kysely.updateTable('email_subscribers').set({ confirmed_at: now }).where('id', '=', id).where('confirmed_at', 'is', null).execute();
}

export async function removeSubscriber(db: StatusDb, id: string): Promise<void> {
  await db.kysely.deleteFrom('email_outbox').where('subscriber_id', '=', id).where('sent_at', 'is', null).execute();
  await db.kysely.deleteFrom('email_subscribers').where('id', '=', id).execute();
}

export async function confirmedSubscribers(db: StatusDb): Promise<EmailSubscriber[]> {
  return (await db.kysely.selectFrom('email_subscribers').selectAll().where('confirmed_at', 'is not', null).execute()).map(toSubscriber);
}

export async function listSubscribers(db: StatusDb): Promise<EmailSubscriber[]> {
  return (await db.kysely.selectFrom('email_subscribers').selectAll().orderBy('created_at').execute()).map(toSubscriber);
}

export interface OutgoingEmail {
  subject: string;
  text: string;
  html: string;
}

export async function queueEmail(db: StatusDb, subscriberId: string, message: OutgoingEmail, now: number): Promise<void> {
  await db.kysely.insertInto('email_outbox').values({ subscriber_id: subscriberId, ...message, attempts: 0, next_at: now, sent_at: null, failed_at: null }).execute();
}

export async function dueEmails(db: StatusDb, now: number, limit = 20) {
  return db.kysely
    .selectFrom('email_outbox')
    .innerJoin('email_subscribers', 'email_subscribers.id', 'email_outbox.subscriber_id')
    .select(['email_outbox.id', 'email_outbox.subject', 'email_outbox.text', 'email_outbox.html', 'email_outbox.attempts', 'email_subscribers.email', 'email_subscribers.lang', 'email_subscribers.token'])
    .where('email_outbox.sent_at', 'is', null)
    .where('email_outbox.failed_at', 'is', null)
    .where('email_outbox.next_at', '<=', now)
    .orderBy('email_outbox.id')
    .limit(limit)
    .execute();
}

export async function markSent(db: StatusDb, id: number, attempts: number, now: number): Promise<void> {
  await db.kysely.updateTable('email_outbox').set({ sent_at: now, attempts }).where('id', '=', id).execute();
}

export async function markEmailRetry(db: StatusDb, id: number, attempts: number, nextAt: number | null, now: number): Promise<void> {
  await db.kysely.updateTable('email_outbox').set(nextAt === null ? { attempts, failed_at: now } : { attempts, next_at: nextAt }).where('id', '=', id).execute();
}
