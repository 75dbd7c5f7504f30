import { MeetingSeries, type MeetingSeriesInput } from './recurrence.ts';

/** A weekly Monday 19:00 New York series starting 2025-01-01; override anything. */
export const series = (input: Partial<MeetingSeriesInput>): MeetingSeries =>
  MeetingSeries.parse({
    timezone: 'America/New_York',
    startTime: '19:00',
    durationMinutes: 60,
    startsOn: '2025-01-01',
    recurrence: { kind: 'weekly', days: ['MO'] },
    ...input,
  });
