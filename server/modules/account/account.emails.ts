import { emailIn } from '../../i18n/index.ts';
import type { Email } from '../../lib/mailer.ts';

// Account emails, in the recipient's language. Subjects and bodies say what happened to the
// account and nothing about why a person uses Iconocast: anyone glancing at an inbox may
// read them.

export const confirmNewEmail = (to: string, link: string, language: string): Email =>
  emailIn(to, language, {
    en: {
      subject: 'Confirm your new email address',
      lines: [
        'Someone asked to use this address for their Iconocast account.',
        '',
        'To confirm it, open this link within 24 hours:',
        link,
        '',
        'If this was not you, ignore this email and nothing will change.',
      ],
    },
    es: {
      subject: 'Confirma tu nueva dirección de correo',
      lines: [
        'Alguien pidió usar esta dirección para su cuenta de Iconocast.',
        '',
        'Para confirmarla, abre este enlace en las próximas 24 horas:',
        link,
        '',
        'Si no fuiste tú, ignora este correo y no cambiará nada.',
      ],
    },
  });

export const emailChangeNotice = (to: string, language: string): Email =>
  emailIn(to, language, {
    en: {
      subject: 'Your email address is being changed',
      lines: [
        'We received a request to change the email address on your Iconocast account.',
        'The change happens only once the new address is confirmed.',
        '',
        'If this was not you, change your password now: that also signs out every other device.',
      ],
    },
    es: {
      subject: 'Se está cambiando tu dirección de correo',
      lines: [
        'Recibimos una petición para cambiar la dirección de correo de tu cuenta de Iconocast.',
        'El cambio solo se hace cuando se confirma la dirección nueva.',
        '',
        'Si no fuiste tú, cambia tu contraseña ahora: así también se cierra la sesión en todos los demás dispositivos.',
      ],
    },
  });

/** To the owner of an address another account asked to move to: nothing changes. */
export const emailChangeAttempt = (to: string, publicUrl: string, language: string): Email =>
  emailIn(to, language, {
    en: {
      subject: 'Someone tried to use your email address',
      lines: [
        'Someone signed in to another Iconocast account asked to change its email address to',
        'this one. This address already belongs to your account, so nothing was changed.',
        '',
        `If it was you, sign in to this account instead: ${publicUrl}/sign-in`,
        'If it was not you, you can ignore this email.',
      ],
    },
    es: {
      subject: 'Alguien intentó usar tu dirección de correo',
      lines: [
        'Alguien con la sesión iniciada en otra cuenta de Iconocast pidió cambiar su dirección',
        'de correo a esta. Esta dirección ya pertenece a tu cuenta, así que no se cambió nada.',
        '',
        `Si fuiste tú, inicia sesión en esta cuenta: ${publicUrl}/sign-in`,
        'Si no fuiste tú, puedes ignorar este correo.',
      ],
    },
  });

/** The sentence both password emails add when a private calendar URL was turned off. */
export const CALENDAR_FEED_REVOKED = {
  en: 'Your private calendar link was turned off too. If you use it, create a new one in your settings.',
  es: 'Tu enlace privado de calendario también se desactivó. Si lo usas, crea uno nuevo en tu configuración.',
} as const;

const feedLines = (revoked: boolean, language: 'en' | 'es') =>
  revoked ? ['', CALENDAR_FEED_REVOKED[language]] : [];

export const passwordChanged = (to: string, language: string, calendarFeedRevoked = false): Email =>
  emailIn(to, language, {
    en: {
      subject: 'Your password was changed',
      lines: [
        'The password on your Iconocast account was just changed, and every other device was signed out.',
        ...feedLines(calendarFeedRevoked, 'en'),
        '',
        'If this was not you, reset your password from the sign-in page straight away.',
      ],
    },
    es: {
      subject: 'Tu contraseña ha cambiado',
      lines: [
        'Se acaba de cambiar la contraseña de tu cuenta de Iconocast y se cerró la sesión en todos los demás dispositivos.',
        ...feedLines(calendarFeedRevoked, 'es'),
        '',
        'Si no fuiste tú, restablece tu contraseña cuanto antes desde la página de inicio de sesión.',
      ],
    },
  });

export const accountDeleted = (to: string, language: string): Email =>
  emailIn(to, language, {
    en: {
      subject: 'Your Iconocast account was deleted',
      lines: [
        'Your Iconocast account and the personal data in it have been deleted, as you asked.',
        '',
        'You are welcome to create a new account with this address at any time.',
      ],
    },
    es: {
      subject: 'Tu cuenta de Iconocast se ha eliminado',
      lines: [
        'Tu cuenta de Iconocast y los datos personales que contenía se han eliminado, como pediste.',
        '',
        'Si algún día quieres, puedes crear una cuenta nueva con esta dirección.',
      ],
    },
  });
