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

/** To a new address after sign-up: the link that finishes creating the account. */
export function signUpLinkEmail(
  to: string,
  publicUrl: string,
  token: string,
  language: string,
): Email {
  const link = `${publicUrl}/sign-in-link?token=${encodeURIComponent(token)}`;
  return emailIn(to, language, {
    en: {
      subject: 'Finish creating your Iconocast account',
      lines: [
        'Hello,',
        '',
        'Someone used this address to create an Iconocast account. To finish and sign in,',
        'open this link within 24 hours:',
        '',
        link,
        '',
        'The link works once. If this was not you, ignore this email: no account can be',
        'used with this address until the link is opened.',
      ],
    },
    es: {
      subject: 'Termina de crear tu cuenta de Iconocast',
      lines: [
        'Hola:',
        '',
        'Alguien usó esta dirección para crear una cuenta de Iconocast. Para terminar e',
        'iniciar sesión, abre este enlace en las próximas 24 horas:',
        '',
        link,
        '',
        'El enlace funciona una sola vez. Si no fuiste tú, ignora este correo: nadie puede',
        'usar una cuenta con esta dirección hasta que se abra el enlace.',
      ],
    },
  });
}

/** To the owner of an address someone tried to sign up with again. */
export function signUpAttemptEmail(to: string, publicUrl: string, language: string): Email {
  return emailIn(to, language, {
    en: {
      subject: 'Someone tried to sign up with your address',
      lines: [
        'Hello,',
        '',
        'Someone just tried to create a new Iconocast account with this email address, which',
        'already has an account. Nothing was changed.',
        '',
        `If it was you, sign in, or reset your password if you have forgotten it:`,
        `${publicUrl}/sign-in`,
        '',
        'If it was not you, you can ignore this email.',
      ],
    },
    es: {
      subject: 'Alguien intentó registrarse con tu dirección',
      lines: [
        'Hola:',
        '',
        'Alguien acaba de intentar crear una cuenta nueva de Iconocast con esta dirección de',
        'correo, que ya tiene una cuenta. No se ha cambiado nada.',
        '',
        'Si fuiste tú, inicia sesión o restablece tu contraseña si la has olvidado:',
        `${publicUrl}/sign-in`,
        '',
        'Si no fuiste tú, puedes ignorar este correo.',
      ],
    },
  });
}

/** A one-time sign-in link (the way in when the password is forgotten or throttled). */
export function signInLinkEmail(
  to: string,
  publicUrl: string,
  token: string,
  language: string,
): Email {
  const link = `${publicUrl}/sign-in-link?token=${encodeURIComponent(token)}`;
  return emailIn(to, language, {
    en: {
      subject: 'Your Iconocast sign-in link',
      lines: [
        'Hello,',
        '',
        'Someone asked for a link to sign in to your Iconocast account. To sign in, open',
        'this link within 15 minutes:',
        '',
        link,
        '',
        'The link works once, and two-step sign-in still asks for your code if it is on.',
        'If you did not ask for this, you can ignore this email.',
      ],
    },
    es: {
      subject: 'Tu enlace para iniciar sesión en Iconocast',
      lines: [
        'Hola:',
        '',
        'Alguien pidió un enlace para iniciar sesión en tu cuenta de Iconocast. Para entrar,',
        'abre este enlace en los próximos 15 minutos:',
        '',
        link,
        '',
        'El enlace funciona una sola vez y, si tienes activado el inicio de sesión en dos',
        'pasos, se te pedirá el código. Si no lo pediste, puedes ignorar este correo.',
      ],
    },
  });
}

/** After an administrator switched a person's two-step sign-in off. */
export function twoFactorResetEmail(to: string, publicUrl: string, language: string): Email {
  return emailIn(to, language, {
    en: {
      subject: 'Two-step sign-in was turned off for your account',
      lines: [
        'Hello,',
        '',
        'An administrator turned off two-step sign-in for your Iconocast account, so you can',
        'sign in with your password alone. Your recovery codes no longer work.',
        '',
        `You can turn it on again in your security settings: ${publicUrl}/settings/security`,
        '',
        'If you did not ask for this, reset your password and contact your administrator.',
      ],
    },
    es: {
      subject: 'Se desactivó el inicio de sesión en dos pasos de tu cuenta',
      lines: [
        'Hola:',
        '',
        'Un administrador desactivó el inicio de sesión en dos pasos de tu cuenta de',
        'Iconocast, así que puedes entrar solo con tu contraseña. Tus códigos de',
        'recuperación ya no funcionan.',
        '',
        `Puedes volver a activarlo en tus ajustes de seguridad: ${publicUrl}/settings/security`,
        '',
        'Si no lo pediste, restablece tu contraseña y habla con tu administrador.',
      ],
    },
  });
}
