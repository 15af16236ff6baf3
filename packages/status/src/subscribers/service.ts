// Email subscriptions: anyone may ask for updates, but nothing is sent before the owner of the
// address confirms through the emailed link; then each incident or maintenance update about the
// components they chose is emailed. A public form that sends mail must not become a way to flood
// someone's inbox: one confirmation per address per hour, and a cap on confirmations per hour.
import type { ComponentId } from '../components/catalog.js';
import { StatusError } from '../http/errors.js';
import type { Lang } from '../i18n.js';
import type { Incident } from '../incidents/model.js';
import type { PageInfo } from '../statuspage/presenter.js';
import type { StatusDb } from '../store/database.js';
import { concerns } from '../webhooks/store.js';
import type { EmailSender } from './mailer.js';
import { confirmationEmail, incidentEmail } from './messages.js';
import * as store from './store.js';

const HOUR = 3_600_000;
export const MAX_CONFIRMATIONS_PER_HOUR = 200;
const EMAIL = /^[^\s@<>()",;:\\[\]]{1,64}@[a-z0-9.-]{1,253}\.[a-z]{2,63}$/i;

export function normalizeEmail(raw: unknown): string {
  const email = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (email.length > 254 || !EMAIL.test(email)) throw new StatusError(422, 'email must be an email address');
  return email;
}

export class SubscriberService {
  constructor(
    private readonly db: StatusDb,
    private readonly page: PageInfo,
    private readonly clock: () => number,
    private readonly sender: EmailSender | null,
  ) {}

  get enabled(): boolean {
    return this.sender !== null;
  }

  /** Always the same outcome for a new, pending or confirmed address: nothing about it leaks. */
  async subscribe(email: string, lang: Lang, components: ComponentId[]): Promise<void> {
    if (!this.sender) throw new StatusError(503, 'Email subscriptions are not set up on this status page');
    const now = this.clock();
    const s = await store.upsertPending(this.db, email, lang, components, now);
    if (s.confirmedAt !== null) return;
    if (s.confirmSentAt !== null && now - s.confirmSentAt < HOUR) return;
    if ((await store.confirmationsSince(this.db, now - HOUR)) >= MAX_CONFIRMATIONS_PER_HOUR) {
      throw new StatusError(429, 'Too many subscriptions right now; please try again later', { retryAfter: 3600 });
    }
    await store.queueEmail(this.db, s.id, confirmationEmail(this.page, s), now);
    await store.markConfirmSent(this.db, s.id, now);
    this.sender.kick();
  }

  async confirm(token: string): Promise<store.EmailSubscriber | undefined> {
    const s = await store.findByToken(this.db, token);
    if (s) await store.confirm(this.db, s.id, this.clock());
    return s;
  }

  async unsubscribe(token: string): Promise<store.EmailSubscriber | undefined> {
    const s = await store.findByToken(this.db, token);
    if (s) await store.removeSubscriber(this.db, s.id);
    return s;
  }

  /** Emails an incident's new state to every confirmed subscriber it concerns. */
  async incidentChanged(incident: Incident): Promise<void> {
    if (!this.sender) return;
    const now = this.clock();
    let queued = 0;
    for (const s of await store.confirmedSubscribers(this.db)) {
      if (!concerns(s.components, incident.components)) continue;
      await store.queueEmail(this.db, s.id, incidentEmail(this.page, s, incident), now);
      queued++;
    }
    if (queued > 0) this.sender.kick();
  }
}
