import { describe, expect, it } from 'vitest';
import { freeSlug } from '../../lib/slugs.ts';
import {
  checkMeeting,
  diffRows,
  EMPTY_DETAILS,
  meetingSlug as slugify,
  type MeetingFields,
} from './meetings.rules.ts';

const base: MeetingFields = {
  ...EMPTY_DETAILS,
  name: 'Hope',
  timezone: 'Europe/London',
  startTime: '10:00',
  durationMinutes: 60,
  startsOn: '2026-01-04',
  recurrence: { kind: 'weekly', days: ['SU'], interval: 1 },
  address: '1 High St, Leeds',
};

const attendance = (f: Partial<MeetingFields>) => {
  const r = checkMeeting({ ...base, ...f }, 'body');
  return r.ok ? r.value.attendance : r.details;
};

describe('checkMeeting', () => {
  it('derives attendance from where and how people join', () => {
    expect(attendance({})).toBe('in_person');
    expect(attendance({ conferenceUrl: 'https://zoom.us/j/1' })).toBe('hybrid');
    expect(attendance({ address: null, conferencePhone: '+441134960000' })).toBe('online');
    expect(attendance({ approximate: true, conferenceUrl: 'https://zoom.us/j/1' })).toBe('online');
    expect(attendance({ types: ['TC'], conferenceUrl: 'https://zoom.us/j/1' })).toBe('online');
    expect(attendance({ types: ['TC'] })).toBe('inactive');
  });

  it('names every bad field at once', () => {
    const r = checkMeeting(
      { ...base, timezone: 'Nowhere/Else', address: null, latitude: 1, types: ['o', 'bad code'] },
      'body',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.details.map((d) => d.field)).toEqual([
        'body.timezone',
        'body.address',
        'body.longitude',
        'body.types.1',
      ]);
    }
  });
});

describe('slugs', () => {
  it('makes URL-safe ASCII slugs and picks a free one', () => {
    expect(slugify('  Café Señora — Tuesday 7pm! ')).toBe('cafe-senora-tuesday-7pm');
    expect(slugify('日本語')).toBe('meeting');
    expect(slugify('x'.repeat(100))).toHaveLength(56);
    expect(freeSlug('hope', [])).toBe('hope');
    expect(freeSlug('hope', ['hope', 'hope-2'])).toBe('hope-3');
  });
});

describe('diffRows', () => {
  it('pairs each proposed field with its current value, in form order', () => {
    expect(diffRows(base, { startTime: '11:00', name: 'New hope', locationName: 'Hall' })).toEqual([
      { field: 'name', current: 'Hope', proposed: 'New hope' },
      { field: 'startTime', current: '10:00', proposed: '11:00' },
      { field: 'locationName', current: null, proposed: 'Hall' },
    ]);
  });
});
