import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

/** The sender's address when neither the organisation nor MAIL_FROM sets one. */
export const DEFAULT_MAIL_FROM = 'no-reply@iconocast.invalid';
const DEFAULT_SENDER_NAME = 'Iconocast';

export interface Email {
  to: string;
  /** Never a health detail: "Reset your password", not what the person is recovering from. */
  subject: string;
  text: string;
  /** The language it is written in (sent as Content-Language). */
  language?: string;
  /** The sender's name, and address (else the configured default address). */
  from?: { name: string; address?: string };
  /** Where answers go (none: to the sender). */
  replyTo?: string;
}

/** What nodemailer sends for an email (it encodes the name; addresses are validated before). */
export const message = (
  { language, from, replyTo, ...email }: Email,
  defaultAddress: string = DEFAULT_MAIL_FROM,
) => ({
  from: { name: from?.name || DEFAULT_SENDER_NAME, address: from?.address || defaultAddress },
  ...(replyTo ? { replyTo } : {}),
  ...email,
  ...(language ? { headers: { 'Content-Language': language } } : {}),
});

export interface Mailer {
  send(email: Email): Promise<void>;
}

/** SMTP when `smtpUrl` is set; otherwise each email is written as an .eml file in `outboxDir`. */
export function createMailer(opts: {
  smtpUrl?: string;
  outboxDir: string;
  logger: Logger;
  /** MAIL_FROM: the sender's address unless the organisation sets its own. */
  mailFrom?: string;
}): Mailer {
  const build = (email: Email) => message(email, opts.mailFrom);
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    return {
      async send(email) {
        await transport.sendMail(build(email));
      },
    };
  }
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  let counter = 0;
  return {
    async send(email) {
      const info = await transport.sendMail(build(email));
      mkdirSync(opts.outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${counter++}.eml`;
      const file = path.join(opts.outboxDir, name);
      writeFileSync(file, info.message as Buffer, { mode: 0o600 });
      opts.logger.info({ file }, 'email written to the outbox (no SMTP_URL set)');
    },
  };
}

/** Keeps emails in memory; for tests. */
export class MemoryMailer implements Mailer {
  readonly sent: Email[] = [];
  async send(email: Email): Promise<void> {
    this.sent.push(email);
  }
  /** The most recent email to `to`. */
  lastTo(to: string): Email | undefined {
    return [...this.sent].reverse().find((e) => e.to === to);
  }
}
