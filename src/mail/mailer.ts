// Outgoing email through nodemailer: the most used and best kept mail library for Node (SMTP,
// TLS, pooling and correct MIME encoding of Arabic text), so none of that is ours to get wrong.
// Only where SMTP_URL is set; without it Sirb sends nothing and its pages say so.
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  lang: 'ar' | 'en';
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({
        from: config.mailFrom,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { 'Content-Language': message.lang },
      });
    },
    close: () => transport.close(),
  };
}
