import { DEFAULT_ORGANISATION_NAME } from '../../../contracts/settings.ts';
import type { Email, Mailer } from '../../lib/mailer.ts';
import type { SettingsStore } from './settings.service.ts';

const PRODUCT_NAME = new RegExp(`\\b${DEFAULT_ORGANISATION_NAME}\\b`, 'g');

/**
 * Every email the app sends, in the organisation's name: From is its sender name (else its
 * name) and sender address (else MAIL_FROM), Reply-To its reply address when set, and the
 * product name the templates are written with becomes the organisation's name. Reads the
 * settings from memory (no query per email).
 */
export function organisationMailer(inner: Mailer, store: SettingsStore): Mailer {
  return {
    send(email: Email) {
      const org = store.organisation();
      const name = org.name.trim() || DEFAULT_ORGANISATION_NAME;
      const rename = (text: string) => text.replace(PRODUCT_NAME, () => name);
      return inner.send({
        ...email,
        subject: rename(email.subject),
        text: rename(email.text),
        from: {
          name: org.senderName || name,
          ...(org.senderAddress ? { address: org.senderAddress } : {}),
        },
        ...(org.replyTo ? { replyTo: org.replyTo } : {}),
      });
    },
  };
}
