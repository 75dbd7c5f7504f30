import { emailIn } from '../../i18n/index.ts';
import type { Email } from '../../lib/mailer.ts';

// The invitation says who invited the person and to what (admin, or facilitating "a group"),
// never the group's name or focus: whoever shares the inbox may read it. The group is named
// on the page the link opens.

export function invitationEmail(
  to: string,
  opts: {
    publicUrl: string;
    token: string;
    role: 'admin' | 'facilitator';
    invitedBy: string;
    days: number;
    language: string | null;
  },
): Email {
  const link = `${opts.publicUrl}/invitations/${encodeURIComponent(opts.token)}`;
  const { invitedBy, days } = opts;
  return emailIn(to, opts.language, {
    en: {
      subject: `${invitedBy} invited you to help run Iconocast`,
      lines: [
        'Hello,',
        '',
        opts.role === 'admin'
          ? `${invitedBy} invited you to be an administrator of Iconocast.`
          : `${invitedBy} invited you to be a facilitator of a group on Iconocast.`,
        `To accept, open this link within ${days} days:`,
        '',
        link,
        '',
        'You can sign in with this email address, or create an account with it.',
        'The link works once. If you were not expecting this, you can ignore this email.',
      ],
    },
    es: {
      subject: `${invitedBy} te ha invitado a ayudar en Iconocast`,
      lines: [
        'Hola:',
        '',
        opts.role === 'admin'
          ? `${invitedBy} te ha invitado a administrar Iconocast.`
          : `${invitedBy} te ha invitado a facilitar un grupo en Iconocast.`,
        `Para aceptar, abre este enlace en los próximos ${days} días:`,
        '',
        link,
        '',
        'Puedes iniciar sesión con esta dirección de correo o crear una cuenta con ella.',
        'El enlace funciona una sola vez. Si no lo esperabas, puedes ignorar este correo.',
      ],
    },
  });
}
