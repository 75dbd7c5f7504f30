import type { Email } from '../../lib/mailer.ts';

// Group emails. Anyone glancing at an inbox may read them: they never name the group, its
// focus, or anything else that hints at why the person uses Iconocast.

/** Sent when a facilitator approves or declines a request to join: the same words either way. */
export const joinRequestAnswered = (to: string, publicUrl: string): Email => ({
  to,
  subject: 'Your request to join a group was answered',
  text: [
    'A facilitator has answered your request to join a group on Iconocast.',
    '',
    'Sign in to see the answer:',
    `${publicUrl}/`,
    '',
    'If you did not ask to join a group, you can ignore this email.',
  ].join('\n'),
});
