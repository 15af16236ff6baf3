// Sends the email outbox through nodemailer (the best kept mail library for Node: SMTP, TLS and
// correct MIME encoding of Arabic text), only when STATUS_SMTP_URL is set. A failed send is
// retried with exponential backoff, like webhooks; after the last attempt it is given up.
import nodemailer, { type Transporter } from 'nodemailer';
import { nextAttemptAt, OutboxPump } from '../delivery/outbox-pump.js';
import type { StatusDb } from '../store/database.js';
import { dueEmails, markEmailRetry, markSent } from './store.js';

export interface EmailSenderOptions {
  smtpUrl: string;
  from: string;
  /** Where people unsubscribe: for the List-Unsubscribe header. */
  unsubscribeUrl: (token: string) => string;
  baseDelayMs: number;
  maxAttempts: number;
  pollMs: number;
  clock: () => number;
}

export class EmailSender {
  private readonly transport: Transporter;
  // Sends on kick() from the start; start() adds the poll that retries.
  private readonly pump: OutboxPump;

  constructor(
    private readonly db: StatusDb,
    private readonly options: EmailSenderOptions,
  ) {
    this.transport = nodemailer.createTransport(options.smtpUrl);
    this.pump = new OutboxPump(() => this.sendDue(), options.pollMs, false);
  }

  start(): void {
    this.pump.start();
  }

  async stop(): Promise<void> {
    await this.pump.stop();
    this.transport.close();
  }

  kick(): void {
    this.pump.kick();
  }

  async sendDue(): Promise<void> {
    for (const m of await dueEmails(this.db, this.options.clock())) {
      const attempts = m.attempts + 1;
      try {
        const unsubscribe = this.options.unsubscribeUrl(m.token);
        await this.transport.sendMail({
          from: this.options.from,
          to: m.email,
          subject: m.subject,
          text: m.text,
          html: m.html,
          // RFC 8058 one-click unsubscribe: mail clients POST to the List-Unsubscribe link.
          headers: { 'Content-Language': m.lang, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
          list: { unsubscribe: { url: unsubscribe, comment: 'Unsubscribe' } },
        });
        await markSent(this.db, m.id, attempts, this.options.clock());
      } catch {
        const now = this.options.clock();
        const nextAt = nextAttemptAt(this.options, attempts, now);
        await markEmailRetry(this.db, m.id, attempts, nextAt, now);
      }
    }
  }
}
