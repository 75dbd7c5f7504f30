import { emailIn } from '../../i18n/index.ts';
import type { Email } from '../../lib/mailer.ts';
import { CALENDAR_FEED_REVOKED } from '../account/account.emails.ts';

// Plain, short, in the recipient's language, and free of anything about health or groups:
// an email can be read by whoever shares the inbox.

export function passwordResetEmail(
  to: string,
  publicUrl: string,
  token: string,
  language: string,
): Email {
  const link = `${publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
  return emailIn(to, language, {
    en: {
      subject: 'Reset your Iconocast password',
      lines: [
        'Hello,',
        '',
        'Someone asked to reset the password for your Iconocast account.',
        'To choose a new password, open this link within one hour:',
        '',
        link,
        '',
        'The link works once. If you did not ask for this, you can ignore this email:',
        'your password stays the same.',
      ],
    },
    es: {
      subject: 'Restablece tu contraseña de Iconocast',
      lines: [
        'Hola:',
        '',
        'Alguien pidió restablecer la contraseña de tu cuenta de Iconocast.',
        'Para elegir una contraseña nueva, abre este enlace en la próxima hora:',
        '',
        link,
        '',
        'El enlace funciona una sola vez. Si no lo pediste, puedes ignorar este correo:',
        'tu contraseña sigue siendo la misma.',
      ],
    },
  });
}

export function passwordChangedEmail(
  to: string,
  publicUrl: string,
  language: string,
  calendarFeedRevoked = false,
): Email {
  return emailIn(to, language, {
    en: {
      subject: 'Your password was changed',
      lines: [
        'Hello,',
        '',
        'The password for your Iconocast account was just changed, and every device that was',
        'signed in has been signed out.',
        ...(calendarFeedRevoked ? ['', CALENDAR_FEED_REVOKED.en] : []),
        '',
        `If this was you, there is nothing more to do. If it was not, reset your password`,
        `straight away from the sign-in page: ${publicUrl}/sign-in`,
      ],
    },
    es: {
      subject: 'Tu contraseña ha cambiado',
      lines: [
        'Hola:',
        '',
        'Se acaba de cambiar la contraseña de tu cuenta de Iconocast y se cerró la sesión',
        'en todos los dispositivos.',
        ...(calendarFeedRevoked ? ['', CALENDAR_FEED_REVOKED.es] : []),
        '',
        'Si fuiste tú, no tienes que hacer nada más. Si no, restablece tu contraseña',
        `cuanto antes desde la página de inicio de sesión: ${publicUrl}/sign-in`,
      ],
    },
  });
}
