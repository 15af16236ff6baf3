// A real SMTP server for the email tests (smtp-server, from the nodemailer project): it takes what
// the status service sends and parses it (mailparser), so tests read messages as a person would.
// (The app has its own in test/helpers/smtp.ts: the two packages share no code.)
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort, waitFor } from './helpers.js';

export interface Inbox {
  url: string;
  messages: ParsedMail[];
  /** The next message to this address not taken yet (waits for it). */
  next(to: string): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startInbox(): Promise<Inbox> {
  const messages: ParsedMail[] = [];
  const taken = new Set<ParsedMail>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        messages.push(mail);
        callback();
      }, callback);
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const to = (mail: ParsedMail, address: string) => [mail.to].flat().some((a) => a?.value.some((v) => v.address === address));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async next(address) {
      const found = await waitFor(`a mail to ${address}`, async () => messages.find((m) => !taken.has(m) && to(m, address)), 30_000, 50);
      taken.add(found);
      return found;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a message's text that starts with `base`. */
export function linkIn(mail: ParsedMail, base: string): string {
  const match = new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S+`).exec(mail.text ?? '');
  if (!match) throw new Error(`no link to ${base} in: ${mail.text}`);
  return match[0];
}
