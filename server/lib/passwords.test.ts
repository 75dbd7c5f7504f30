import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { assertAcceptablePassword, isPersonalPassword } from './passwords.ts';

const maya = { email: 'maya.rivers@example.org', displayName: 'Maya Rivers' };

describe('passwords built from the person’s own details', () => {
  it.each([
    ['maya.rivers@example.org', 'the email itself'],
    ['MAYA.RIVERS@EXAMPLE.ORG', 'the email in capitals'],
    ['mayarivers1990', 'the email’s local part with digits'],
    ['Rivers!2026', 'a word of the display name'],
    ['iconocast-password', 'the product’s name'],
    ['maya', 'too short to say much, but inside the name'],
  ])('refuses %s (%s)', (password) => {
    expect(isPersonalPassword(password, maya)).toBe(true);
  });

  it.each(['steady-harbour-lantern-81', 'gentle orchard bicycle', 'mar-velous-tide-7'])(
    'accepts %s',
    (password) => {
      expect(isPersonalPassword(password, maya)).toBe(false);
    },
  );

  it('ignores short name parts (a 2-letter name is in many good passwords)', () => {
    expect(isPersonalPassword('bookcase-river-nine', { displayName: 'Bo K.' })).toBe(false);
  });

  it('names the field and the rule, so the web can word it in any language', () => {
    const thrown = (() => {
      try {
        assertAcceptablePassword('MayaRivers!!', 'body.newPassword', maya);
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).details).toEqual([
      expect.objectContaining({ field: 'body.newPassword', issue: 'password_personal' }),
    ]);
    expect(() => assertAcceptablePassword('password', 'body.password', maya)).toThrow(/too common/);
  });
});
