import { describe, expect, it } from 'vitest';
import { fromMeeting, localToday, toBody } from './meeting-form.ts';

// 05:30 UTC on 10 March is 22:30 on 9 March in Los Angeles (the web tests' zone).
const eveningInLosAngeles = new Date('2026-03-10T05:30:00Z');

describe('meeting form values', () => {
  it('runs in a zone west of UTC, where the bug shows', () => {
    expect(eveningInLosAngeles.getTimezoneOffset()).toBeGreaterThan(0);
  });

  it("starts a new meeting today on the person's calendar, not on UTC's", () => {
    expect(localToday(eveningInLosAngeles)).toBe('2026-03-09');
    expect(fromMeeting(null, eveningInLosAngeles).startsOn).toBe('2026-03-09');
  });

  it("starts a new meeting in the group's zone, with no day chosen for the facilitator", () => {
    const fresh = fromMeeting(null, eveningInLosAngeles, 'Europe/Madrid');
    expect(fresh.timezone).toBe('Europe/Madrid');
    expect(fresh.days).toEqual([]);
    // A group with no meetings yet: the editor's own zone.
    expect(fromMeeting(null, eveningInLosAngeles, null).timezone).toBe('America/Los_Angeles');
  });

  it('sends a monthly "last Friday" and drops the end date of a course', () => {
    const v = {
      ...fromMeeting(null, eveningInLosAngeles),
      kind: 'monthly' as const,
      week: 'last' as const,
      monthDay: 'FR' as const,
    };
    expect(toBody(v).recurrence).toEqual({ kind: 'monthly', week: 'last', day: 'FR' });
    const course = {
      ...v,
      kind: 'course' as const,
      days: ['MO' as const],
      endsOn: '2026-06-01',
      sessions: '6',
    };
    expect(toBody(course)).toMatchObject({
      endsOn: null,
      recurrence: { kind: 'course', days: ['MO'], sessions: 6 },
    });
  });
});
