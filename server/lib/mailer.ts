import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

const from = 'Iconocast <no-reply@iconocast.invalid>';

export interface Email {
  to: string;
  /** Never a health detail: "Reset your password", not what the person is recovering from. */
  subject: string;
  text: string;
  /** The language it is written in (sent as Content-Language). */
  language?: string;
}

/** What nodemailer sends for an email. */
const message = ({ language, ...email }: Email) => ({
  from,
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
}): Mailer {
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    return {
      async send(email) {
        await transport.sendMail(message(email));
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
      const info = await transport.sendMail(message(email));
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
