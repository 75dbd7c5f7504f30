import { emailIn } from '../../i18n/index.ts';
import type { Email } from '../../lib/mailer.ts';

// The one email of the notification system: a notification's own words (already neutral:
// see notification-kinds.ts) under a subject that names nothing, with a link to the inbox
// (never to the meeting: its address carries its name).

export const notificationEmail = (
  to: string,
  text: { title: string; body: string },
  inboxUrl: string,
  language: string,
): Email =>
  emailIn(to, language, {
    en: {
      subject: 'You have a new notification',
      lines: [
        text.title,
        ...(text.body ? ['', text.body] : []),
        '',
        'See it in your inbox:',
        inboxUrl,
        '',
        'You can change which emails you get, and set quiet hours, in your account settings.',
      ],
    },
    es: {
      subject: 'Tienes una notificación nueva',
      lines: [
        text.title,
        ...(text.body ? ['', text.body] : []),
        '',
        'Mírala en tu bandeja:',
        inboxUrl,
        '',
        'Puedes elegir qué correos recibes, y tus horas de silencio, en los ajustes de tu cuenta.',
      ],
    },
  });
