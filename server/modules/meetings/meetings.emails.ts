import type { Email } from '../../lib/mailer.ts';

// Emails about meetings. A meeting's name often says what its members are recovering from,
// so neither the subject nor the body names the meeting or its group: the person signs in
// to see which one it was.

export const changeRequestDecided = (
  to: string,
  opts: { accepted: boolean; note: string | undefined; link: string },
): Email => ({
  to,
  subject: opts.accepted
    ? 'Your suggested change was accepted'
    : 'An update on your suggested change',
  text: [
    opts.accepted
      ? 'Thank you for suggesting a correction to a meeting’s details. The facilitators have made the change.'
      : 'Thank you for suggesting a correction to a meeting’s details. The facilitators looked at it and decided not to make this change.',
    ...(opts.note ? ['', 'Their note:', opts.note] : []),
    '',
    'Iconocast:',
    opts.link,
  ].join('\n'),
});
