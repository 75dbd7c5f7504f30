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
        'Your home page shows the answer (sign in first if asked):',
        `${publicUrl}/home`,
        '',
        'If you did not ask to join a group, you can ignore this email.',
      ],
    },
    es: {
      subject: 'Han respondido a tu petición para unirte a un grupo',
      lines: [
        'Una persona facilitadora ha respondido a tu petición para unirte a un grupo en Iconocast.',
        '',
        'Tu página de inicio muestra la respuesta (inicia sesión si te lo pide):',
        `${publicUrl}/home`,
        '',
        'Si no pediste unirte a ningún grupo, puedes ignorar este correo.',
      ],
    },
  });

/**
 * Sent to a group's facilitators when someone asks to join. It never quotes what the person
 * wrote (it may be about their health), nor names them or the group: it says whether a
 * message is waiting, and the home page leads to it.
 */
export const joinRequestWaiting = (
  to: string,
  publicUrl: string,
  language: string,
  hasMessage: boolean,
): Email =>
  emailIn(to, language, {
    en: {
      subject: 'A request to join is waiting',
      lines: [
        'Someone has asked to join a group you facilitate on Iconocast.',
        ...(hasMessage ? ['A message for the facilitators is waiting with the request.'] : []),
        '',
        'Your home page shows the groups with requests waiting (sign in first if asked):',
        `${publicUrl}/home`,
      ],
    },
    es: {
      subject: 'Hay una petición para unirse esperando',
      lines: [
        'Alguien ha pedido unirse a un grupo que facilitas en Iconocast.',
        ...(hasMessage
          ? ['Hay un mensaje para las personas facilitadoras esperando junto a la petición.']
          : []),
        '',
        'Tu página de inicio muestra los grupos con peticiones esperando (inicia sesión si te lo pide):',
        `${publicUrl}/home`,
      ],
    },
  });
