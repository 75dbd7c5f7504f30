import type { Email } from '../../lib/mailer.ts';

// Account emails. Subjects and bodies say what happened to the account and nothing about
// why a person uses Iconocast: anyone glancing at an inbox may read them.

export const confirmNewEmail = (to: string, link: string): Email => ({
  to,
  subject: 'Confirm your new email address',
  text: [
    'Someone asked to use this address for their Iconocast account.',
    '',
    'To confirm it, open this link within 24 hours:',
    link,
    '',
    'If this was not you, ignore this email and nothing will change.',
  ].join('\n'),
});

export const emailChangeNotice = (to: string): Email => ({
  to,
  subject: 'Your email address is being changed',
  text: [
    'We received a request to change the email address on your Iconocast account.',
    'The change happens only once the new address is confirmed.',
    '',
    'If this was not you, change your password now: that also signs out every other device.',
  ].join('\n'),
});

export const passwordChanged = (to: string): Email => ({
  to,
  subject: 'Your password was changed',
  text: [
    'The password on your Iconocast account was just changed, and every other device was signed out.',
    '',
    'If this was not you, reset your password from the sign-in page straight away.',
  ].join('\n'),
});

export const accountDeleted = (to: string): Email => ({
  to,
  subject: 'Your Iconocast account was deleted',
  text: [
    'Your Iconocast account and the personal data in it have been deleted, as you asked.',
    '',
    'You are welcome to create a new account with this address at any time.',
  ].join('\n'),
});
