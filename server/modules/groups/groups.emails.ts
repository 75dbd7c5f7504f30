import { emailIn } from '../../i18n/index.ts';
import type { Email } from '../../lib/mailer.ts';

// Group emails, in the recipient's language. Anyone glancing at an inbox may read them: they
// never name the group, its focus, or anything else that hints at why the person uses
// Iconocast.

/** Sent when a facilitator approves or declines a request to join: the same words either way. */
export const joinRequestAnswered = (to: string, publicUrl: string, language: string): Email =>
  emailIn(to, language, {
    en: {
      subject: 'Your request to join a group was answered',
      lines: [
        'A facilitator has answered your request to join a group on Iconocast.',
        '',
        'Sign in to see the answer:',
        `${publicUrl}/`,
        '',
        'If you did not ask to join a group, you can ignore this email.',
      ],
    },
    es: {
      subject: 'Han respondido a tu petición para unirte a un grupo',
      lines: [
        'Una persona facilitadora ha respondido a tu petición para unirte a un grupo en Iconocast.',
        '',
        'Inicia sesión para ver la respuesta:',
        `${publicUrl}/`,
        '',
        'Si no pediste unirte a ningún grupo, puedes ignorar este correo.',
      ],
    },
  });
