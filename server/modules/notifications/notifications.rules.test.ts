import { describe, expect, it } from 'vitest';
import { TAXONOMY_EN, TAXONOMY_ES } from '../../../contracts/taxonomy-labels.ts';
import { notificationKinds } from '../../../contracts/notifications.ts';
import { HEALTH_WORDS } from '../account/account.test-helpers.ts';
import { kinds, leadTime, renderNotification } from './notification-kinds.ts';
import { isReminderDue, quietHoursEnd } from './notifications.rules.ts';

const quiet = { enabled: true, start: '22:00', end: '07:00' };
const ny = 'America/New_York';

describe('quiet hours', () => {
  it('holds until the end of quiet hours that cross midnight, in the person’s zone', () => {
    // 23:30 in New York (winter, UTC−5) → 07:00 the next morning = 12:00 UTC.
    expect(quietHoursEnd(new Date('2026-01-10T04:30:00Z'), quiet, ny)?.toISOString()).toBe(
      '2026-01-10T12:00:00.000Z',
    );
    // 03:00 local → 07:00 the same morning.
    expect(quietHoursEnd(new Date('2026-01-10T08:00:00Z'), quiet, ny)?.toISOString()).toBe(
      '2026-01-10T12:00:00.000Z',
    );
  });

  it('lets email through outside quiet hours, when they are off, or when start equals end', () => {
    expect(quietHoursEnd(new Date('2026-01-10T17:00:00Z'), quiet, ny)).toBeNull();
    expect(
      quietHoursEnd(new Date('2026-01-10T04:30:00Z'), { ...quiet, enabled: false }, ny),
    ).toBeNull();
    expect(
      quietHoursEnd(new Date('2026-01-10T04:30:00Z'), { ...quiet, end: '22:00' }, ny),
    ).toBeNull();
  });

  it('follows the wall clock across the spring switch (07:00 local is 11:00 UTC after it)', () => {
    // Sunday 8 March 2026, 01:00 EST; clocks jump at 02:00; 07:00 EDT = 11:00 UTC.
    expect(quietHoursEnd(new Date('2026-03-08T06:00:00Z'), quiet, ny)?.toISOString()).toBe(
      '2026-03-08T11:00:00.000Z',
    );
  });

  it('handles quiet hours within one day (13:00–15:00)', () => {
    const nap = { enabled: true, start: '13:00', end: '15:00' };
    expect(quietHoursEnd(new Date('2026-01-10T18:30:00Z'), nap, ny)?.toISOString()).toBe(
      '2026-01-10T20:00:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-01-10T20:00:00Z'), nap, ny)).toBeNull();
  });
});

describe('reminder timing', () => {
  const start = new Date('2026-03-03T23:30:00Z');
  it('is due from its time until the meeting starts, within the look-back', () => {
    expect(isReminderDue(start, 30, new Date('2026-03-03T22:59:59Z'))).toBe(false);
    expect(isReminderDue(start, 30, new Date('2026-03-03T23:00:00Z'))).toBe(true);
    expect(isReminderDue(start, 30, new Date('2026-03-03T23:10:00Z'))).toBe(true);
    expect(isReminderDue(start, 30, new Date('2026-03-03T23:30:00Z'))).toBe(false);
  });
});

describe('the words of every kind', () => {
  const focusLabels = [...Object.values(TAXONOMY_EN.focus), ...Object.values(TAXONOMY_ES.focus)];
  const samples: Record<string, unknown[]> = {
    meeting_reminder: [15, 30, 60, 1440].map((minutesBefore) => ({
      meetingSlug: 'alcohol-recovery-tuesday',
      occurrenceId: '2026-03-03',
      start: '2026-03-04T00:00:00Z',
      minutesBefore,
    })),
    meeting_cancelled: [
      {
        meetingSlug: 'alcohol-recovery-tuesday',
        occurrenceId: '2026-03-03',
        start: '2026-03-04T00:00:00Z',
      },
    ],
    join_request_answered: [
      { groupSlug: 'anxiety-circle', approved: true },
      { groupSlug: 'anxiety-circle', approved: false },
    ],
  };

  it('has a sample for every kind', () => {
    expect(Object.keys(samples).sort()).toEqual([...notificationKinds].sort());
    expect(Object.keys(kinds).sort()).toEqual([...notificationKinds].sort());
  });

  it('never names a health topic or a focus area, in English or Spanish', () => {
    for (const kind of notificationKinds) {
      for (const data of samples[kind]!) {
        for (const language of ['en', 'es'] as const) {
          const text = renderNotification(kind, data, { language, timezone: ny });
          const words = `${text.title} ${text.body}`;
          expect(words, kind).not.toMatch(HEALTH_WORDS);
          for (const label of focusLabels) expect(words, `${kind}: ${label}`).not.toContain(label);
          expect(text.title.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('reads a lead time naturally', () => {
    expect(leadTime(30, 'en')).toBe('30 minutes');
    expect(leadTime(60, 'en')).toBe('1 hour');
    expect(leadTime(1440, 'es')).toBe('1 día');
    expect(leadTime(120, 'es')).toBe('2 horas');
  });

  it('reads a malformed row as a neutral note', () => {
    expect(
      renderNotification('meeting_reminder', { x: 1 }, { language: 'en', timezone: ny }),
    ).toEqual({ title: 'You have a notification', body: '', link: null });
  });
});
