// A real SMTP server for mail tests (smtp-server, from the nodemailer project): it takes what
// Sirb sends over SMTP and parses it (mailparser) so tests read the message as a person would.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { freePort } from './server.js';
import { until } from './until.js';

export interface Inbox {
  url: string;
  messages: ParsedMail[];
  /** The next message to this address that was not taken yet (waits for it). */
  next(to: string): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<Inbox> {
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
  const addressedTo = (mail: ParsedMail, to: string) => [mail.to].flat().some((a) => a?.value.some((v) => v.address === to));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async next(to) {
      let found: ParsedMail | undefined;
      await until(() => (found = messages.find((m) => !taken.has(m) && addressedTo(m, to))) !== undefined, `a mail to ${to}`);
      taken.add(found!);
      return found!;
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
