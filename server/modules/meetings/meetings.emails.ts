import { emailIn } from '../../i18n/index.ts';
import type { Email } from '../../lib/mailer.ts';

// Emails about meetings, in the recipient's language. A meeting's name often says what its
// members are recovering from, so neither the subject nor the body names the meeting or its
// group: the person signs in to see which one it was.

export const changeRequestDecided = (
  to: string,
  opts: { accepted: boolean; note: string | undefined; link: string },
  language: string,
): Email =>
  emailIn(to, language, {
    en: {
      subject: opts.accepted
        ? 'Your suggested change was accepted'
        : 'An update on your suggested change',
      lines: [
        opts.accepted
          ? 'Thank you for suggesting a correction to a meeting’s details. The facilitators have made the change.'
          : 'Thank you for suggesting a correction to a meeting’s details. The facilitators looked at it and decided not to make this change.',
        ...(opts.note ? ['', 'Their note:', opts.note] : []),
        '',
        'Iconocast:',
        opts.link,
      ],
    },
    es: {
      subject: opts.accepted
        ? 'Se aceptó el cambio que sugeriste'
        : 'Novedades sobre el cambio que sugeriste',
      lines: [
        opts.accepted
          ? 'Gracias por sugerir una corrección en los datos de una reunión. El equipo facilitador ha hecho el cambio.'
          : 'Gracias por sugerir una corrección en los datos de una reunión. El equipo facilitador la revisó y decidió no hacer este cambio.',
        ...(opts.note ? ['', 'Su nota:', opts.note] : []),
        '',
        'Iconocast:',
        opts.link,
      ],
    },
  });
