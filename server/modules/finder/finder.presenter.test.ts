import { describe, expect, it } from 'vitest';
import { finderResultJson, presentFinderResult } from './finder.presenter.ts';
import type { FinderRecord } from './finder.records.ts';

function record(fields: Partial<FinderRecord> = {}): FinderRecord {
  return {
    index: 0,
    id: '00000000-0000-4000-8000-000000000001',
    groupId: '00000000-0000-4000-8000-0000000000aa',
    slug: 'serenity-speaker',
    name: 'Serenity "Speaker" — niños \u2028 ✓',
    groupSlug: 'serenity',
    groupName: 'Serenity Group',
    groupText: 'A welcoming group',
    isOpen: true,
    attendance: 'hybrid',
    types: ['O', 'SP', 'ONL'],
    focusAreas: ['alcohol', 'opioids'],
    stage: 'newcomer',
    audience: 'women',
    languages: ['en', 'es'],
    timezone: 'America/New_York',
    series: null,
    exceptions: [],
    localWeekdays: [1],
    startMinutes: 19 * 60,
    band: 'evening',
    latitude: 42.36,
    longitude: -71.05,
    approximate: false,
    locationName: 'St Mark’s Hall',
    address: '1 Main St, Boston, MA',
    city: 'Boston',
    region: 'MA',
    regions: ['MA'],
    ...fields,
  };
}

const start = Date.parse('2026-12-07T00:00:00Z');
const next = { start, end: start + 90 * 60_000 };

describe('finder results as JSON fragments', () => {
  const cases = [
    {
      what: 'a listed meeting, viewer elsewhere',
      r: record(),
      now: start - 1,
      zone: 'Europe/London',
    },
    { what: 'in progress, same zone', r: record(), now: start + 60_000, zone: 'America/New_York' },
    {
      what: 'a closed group: no place',
      r: record({
        isOpen: false,
        latitude: null,
        longitude: null,
        locationName: null,
        address: null,
        region: null,
        approximate: true,
      }),
      now: start - 1,
      zone: 'UTC',
    },
  ];
  for (const c of cases) {
    for (const distance of [
      null,
      { value: 12.3, units: 'mi' as const },
      { value: 0, units: 'km' as const },
    ]) {
      it(`match JSON.stringify of the presented result: ${c.what}, distance ${JSON.stringify(distance)}`, () => {
        for (const locale of ['en', 'es']) {
          const viewer = { zone: c.zone, locale };
          const json = finderResultJson(c.r, next, c.now, viewer, distance);
          expect(json).toBe(
            JSON.stringify(presentFinderResult(c.r, next, c.now, viewer, distance)),
          );
          expect(JSON.parse(json)).toEqual(presentFinderResult(c.r, next, c.now, viewer, distance));
        }
      });
    }
  }

  it('a replaced record (a new object) gets new fragments', () => {
    const viewer = { zone: 'UTC', locale: 'en' };
    const before = record();
    expect(finderResultJson(before, next, 0, viewer, null)).toContain('Serenity \\"Speaker\\"');
    const after = { ...before, name: 'Renamed' };
    expect(JSON.parse(finderResultJson(after, next, 0, viewer, null)).name).toBe('Renamed');
    expect(JSON.parse(finderResultJson(before, next, 0, viewer, null)).name).toBe(before.name);
  });
});
