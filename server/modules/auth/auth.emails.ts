import type { Email } from '../../lib/mailer.ts';

// Plain, short, and free of anything about health or groups: an email can be read by
// whoever shares the inbox.

export function passwordResetEmail(to: string, publicUrl: string, token: string): Email {
  const link = `${publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
  return {
    to,
    subject: 'Reset your Iconocast password',
    text: [
      'Hello,',
      '',
      'Someone asked to reset the password for your Iconocast account.',
      'To choose a new password, open this link within one hour:',
      '',
      link,
      '',
      'The link works once. If you did not ask for this, you can ignore this email:',
      'your password stays the same.',
    ].join('\n'),
  };
}

export function passwordChangedEmail(to: string, publicUrl: string): Email {
  return {
    to,
    subject: 'Your password was changed',
    text: [
      'Hello,',
      '',
      'The password for your Iconocast account was just changed, and every device that was',
      'signed in has been signed out.',
      '',
      `If this was you, there is nothing more to do. If it was not, reset your password`,
      `straight away from the sign-in page: ${publicUrl}/sign-in`,
    ].join('\n'),
  };
}
