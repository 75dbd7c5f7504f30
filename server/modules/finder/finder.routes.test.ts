import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FinderResponse, type FinderResult } from '../../../contracts/finder.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn } from '../../test/users.ts';
import { insertException, insertGroup, insertMeeting, weekly } from './finder.test-helpers.ts';

let t: TestContext;

// Sunday 1 March 2026, noon UTC: before the US clocks change (8 March) and the UK's (29 March).
const START = '2026-03-01T12:00:00Z';
const LEWES = { latitude: 38.7746, longitude: -75.1393 };
const REHOBOTH = { latitude: 38.7209, longitude: -75.076 };
const MILTON = { latitude: 38.7776, longitude: -75.3099 };

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(START);
  const db = t.database.db;
  const harbour = await insertGroup(db, {
    slug: 'harbour-lights',
    name: 'Harbour Lights',
    description: 'A **warm** welcome for people [new to recovery](https://example.org) from drink.',
    focusAreas: ['alcohol'],
    stage: 'newcomer',
  });
  const sisters = await insertGroup(db, {
    slug: 'sisters',
    name: 'Sisters in Sobriety',
    focusAreas: ['alcohol', 'depression'],
    stage: 'early_recovery',
    audience: 'women',
    languages: ['en', 'es'],
    format: 'online',
  });
  const circle = await insertGroup(db, {
    slug: 'quiet-circle',
    name: 'Quiet Harbour Circle',
    focusAreas: ['opioids'],
    isOpen: false,
    publicArea: 'Coastal Sussex',
  });
  const thames = await insertGroup(db, {
    slug: 'thames',
    name: 'Thames Evening Group',
    focusAreas: ['anxiety'],
    stage: 'newcomer',
  });
  const ny = 'America/New_York';
  await insertMeeting(db, harbour.id, weekly(ny, '19:00', ['MO', 'TH']), {
    slug: 'lewes-newcomers',
    name: 'Lewes Newcomers',
    ...LEWES,
    locationName: 'Lewes Library',
    address: '118 Savannah Rd, Lewes, DE 19958, USA',
    regions: ['Sussex', 'Lewes'],
    types: ['O', 'BE'],
  });
  await insertMeeting(db, sisters.id, weekly('America/Los_Angeles', '18:00', ['TU'], 90), {
    slug: 'online-sisters',
    name: 'Online Sisters',
    attendance: 'online',
    conferenceUrl: 'https://zoom.us/j/123',
    types: ['W', 'ONL'],
  });
  await insertMeeting(db, harbour.id, weekly(ny, '12:00', ['SA']), {
    slug: 'rehoboth-hybrid',
    name: 'Rehoboth Hybrid',
    attendance: 'hybrid',
    ...REHOBOTH,
    address: '18 Olive Ave, Rehoboth Beach, DE 19971, USA',
    regions: ['Sussex', 'Rehoboth'],
    types: ['O', 'ONL'],
  });
  await insertMeeting(db, circle.id, weekly(ny, '07:00', ['WE']), {
    slug: 'harbour-circle',
    name: 'Harbour Circle',
    ...MILTON,
    locationName: "St Peter's Hall",
    address: '5 Secret Lane, Milton, DE 19968, USA',
    regions: ['Sussex', 'Milton'],
    types: ['C'],
  });
  await insertMeeting(db, thames.id, weekly('Europe/London', '19:30', ['MO']), {
    slug: 'thames-evening',
    name: 'Thames Evening',
    latitude: 51.5072,
    longitude: -0.1276,
    address: '1 Example Street, London, UK',
    regions: ['London'],
  });
  await insertMeeting(db, harbour.id, weekly(ny, '10:00', ['FR']), {
    slug: 'closed-for-now',
    name: 'Temporarily Closed',
    attendance: 'inactive',
  });
  await insertMeeting(
    db,
    harbour.id,
    { ...weekly(ny, '10:00', ['FR']), endsOn: '2025-06-01' },
    { slug: 'ended', name: 'Ended Series' },
  );
  await insertMeeting(
    db,
    harbour.id,
    {
      timezone: ny,
      startTime: '20:00',
      durationMinutes: 60,
      startsOn: '2025-01-01',
      recurrence: { kind: 'monthly', week: 'last', day: 'TH' },
    },
    { slug: 'monthly-speaker', name: 'Monthly Speaker' },
  );
});

afterAll(() => t.close());

async function find(query = '', headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url: `/api/finder${query}`, headers });
  return res;
}

async function findOk(query = ''): Promise<FinderResponse> {
  const res = await find(query);
  expect(res.statusCode, res.body).toBe(200);
  return FinderResponse.parse(res.json());
}

const slugs = (r: FinderResponse) => r.results.map((m) => m.slug);
const bySlug = (r: FinderResponse, slug: string): FinderResult => {
  const found = r.results.find((m) => m.slug === slug);
  if (!found) throw new Error(`${slug} not in ${slugs(r).join(', ')}`);
  return found;
};

describe('the finder', () => {
  it('lists every meeting still to come, soonest first, and never inactive or ended ones', async () => {
    const r = await findOk('?tz=America/New_York');
    expect(r.sort).toBe('next');
    expect(r.total).toBe(6);
    // Sunday 07:00 in New York; the London meeting (Monday 19:30 GMT) comes first.
    expect(slugs(r)).toEqual([
      'thames-evening',
      'lewes-newcomers',
      'online-sisters',
      'harbour-circle',
      'rehoboth-hybrid',
      'monthly-speaker',
    ]);
    const starts = r.results.map((m) => Date.parse(m.next.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(slugs(r)).not.toContain('closed-for-now');
    expect(slugs(r)).not.toContain('ended');
    expect(bySlug(r, 'monthly-speaker').next.start).toBe('2026-03-27T00:00:00.000Z');
  });

  it('finds meetings by text despite a typo, best match first', async () => {
    const r = await findOk('?q=newcomrs');
    expect(r.sort).toBe('relevance');
    expect(slugs(r)[0]).toBe('lewes-newcomers');
    const harbor = await findOk('?q=harbor');
    expect(slugs(harbor)).toEqual(
      expect.arrayContaining(['harbour-circle', 'lewes-newcomers', 'rehoboth-hybrid']),
    );
    expect(slugs(harbor)[0]).toBe('harbour-circle');
    // Group descriptions are searched as text, without their markdown.
    expect(slugs(await findOk('?q=recovery%20drink'))).toContain('lewes-newcomers');
  });

  it('does not search a closed group’s street address or venue', async () => {
    expect((await findOk('?q=Secret%20Lane')).total).toBe(0);
    expect((await findOk('?q=Savannah')).total).toBe(1);
  });

  it('filters by focus, stage, audience and language', async () => {
    expect(slugs(await findOk('?focus=depression'))).toEqual(['online-sisters']);
    expect((await findOk('?focus=alcohol&focus=anxiety')).total).toBe(5);
    expect((await findOk('?focus=alcohol,anxiety')).total).toBe(5);
    expect(new Set(slugs(await findOk('?stage=newcomer')))).toEqual(
      new Set(['lewes-newcomers', 'rehoboth-hybrid', 'monthly-speaker', 'thames-evening']),
    );
    expect(slugs(await findOk('?audience=women'))).toEqual(['online-sisters']);
    expect(slugs(await findOk('?language=ES'))).toEqual(['online-sisters']);
  });

  it('treats hybrid as its own way to attend', async () => {
    expect(slugs(await findOk('?attendance=hybrid'))).toEqual(['rehoboth-hybrid']);
    expect(slugs(await findOk('?attendance=online'))).toEqual(['online-sisters']);
    expect((await findOk('?attendance=online&attendance=hybrid')).total).toBe(2);
    expect((await findOk('?attendance=in_person')).total).toBe(4);
  });

  it('filters by Meeting Guide types, every type asked for', async () => {
    expect(slugs(await findOk('?type=W'))).toEqual(['online-sisters']);
    expect(slugs(await findOk('?type=O&type=BE'))).toEqual(['lewes-newcomers']);
    expect((await findOk('?type=O')).total).toBe(2);
  });

  it('reads day and time of day in the viewer’s zone', async () => {
    // Tuesday 18:00 in Los Angeles is Wednesday 02:00 in London.
    const la = await findOk('?tz=America/Los_Angeles&day=2&time=evening');
    expect(slugs(la)).toEqual(['online-sisters']);
    const london = await findOk('?tz=Europe/London&day=3&time=night');
    expect(slugs(london)).toContain('online-sisters');
    expect(slugs(await findOk('?tz=Europe/London&day=2&time=evening'))).not.toContain(
      'online-sisters',
    );
    // Monday and Thursday evening in New York.
    expect(new Set(slugs(await findOk('?tz=America/New_York&day=4')))).toEqual(
      new Set(['lewes-newcomers', 'monthly-speaker']),
    );
    expect(slugs(await findOk('?tz=America/New_York&day=1&time=evening'))).toEqual([
      'lewes-newcomers',
    ]);
  });

  it('shows times in the viewer’s zone and the meeting’s own zone when it differs', async () => {
    const r = await findOk('?tz=Europe/London&q=lewes');
    const lewes = bySlug(r, 'lewes-newcomers');
    expect(lewes.next.start).toBe('2026-03-03T00:00:00.000Z');
    expect(lewes.next.viewer).toBe('Tue, Mar 3, 12:00 AM GMT');
    expect(lewes.next.meeting).toBe('Mon, Mar 2, 7:00 PM EST');
    expect(lewes.next.timezone).toBe('America/New_York');
    const thames = bySlug(await findOk('?tz=Europe/London&q=thames'), 'thames-evening');
    expect(thames.next.meeting).toBeNull();
  });

  it('measures distance from a place in km or miles, nearest first', async () => {
    const km = await findOk('?place=lewes&radius=10');
    expect(km.sort).toBe('distance');
    expect(km.near).toMatchObject({ label: 'Lewes', radius: 10, units: 'km' });
    expect(slugs(km)).toEqual(['lewes-newcomers', 'rehoboth-hybrid']);
    expect(km.results[0]!.distance).toEqual({ value: 0, units: 'km' });
    const rehobothKm = km.results[1]!.distance!.value;
    expect(rehobothKm).toBeGreaterThan(6);
    expect(rehobothKm).toBeLessThan(10);

    // The closed group's meeting (in Milton, 12 km away) is never measured.
    const mi = await findOk('?place=Lewes&radius=10&units=mi');
    expect(slugs(mi)).toEqual(['lewes-newcomers', 'rehoboth-hybrid']);
    expect(mi.results[1]!.distance!.units).toBe('mi');
    expect(mi.results[1]!.distance!.value).toBeCloseTo(rehobothKm / 1.609344, 0);

    const point = await findOk(`?near=${LEWES.latitude},${LEWES.longitude}&radius=5`);
    expect(slugs(point)).toEqual(['lewes-newcomers']);
    expect(point.near?.label).toBeNull();
  });

  it('shows a closed group’s meeting by its public area only, never its place', async () => {
    const r = await findOk('?focus=opioids');
    const circle = bySlug(r, 'harbour-circle');
    expect(circle.group.isOpen).toBe(false);
    expect(circle.location).toEqual({
      name: null,
      address: null,
      city: 'Coastal Sussex',
      region: null,
      approximate: true,
      latitude: null,
      longitude: null,
    });
    // The area its facilitators chose is searchable; its town and coordinates are not.
    expect(slugs(await findOk('?q=coastal%20sussex'))).toEqual(['harbour-circle']);
    expect(slugs(await findOk('?q=milton'))).toEqual([]);
    // "Milton" is a town the gazetteer knows (the biggest one), never the closed meeting's.
    const milton = await find('?place=Milton');
    expect(milton.statusCode).toBe(200);
    expect(milton.json().near.label).not.toMatch(/Delaware/);
    expect(slugs(milton.json())).not.toContain('harbour-circle');
    expect(milton.body).not.toMatch(/38\.7|75\.3|Peter|Secret/);
    expect(slugs(await findOk(`?near=${MILTON.latitude},${MILTON.longitude}&radius=1`))).toEqual(
      [],
    );
    const open = bySlug(await findOk('?q=lewes'), 'lewes-newcomers');
    expect(open.location).toMatchObject({
      name: 'Lewes Library',
      address: '118 Savannah Rd, Lewes, DE 19958, USA',
      city: 'Lewes',
    });
  });

  it('counts each filter’s values with the other filters applied', async () => {
    const r = await findOk('?attendance=online&focus=alcohol');
    expect(r.total).toBe(1);
    const count = (list: { value: string; count: number }[], v: string) =>
      list.find((f) => f.value === v)?.count;
    // Choosing in person (instead) would give the three alcohol meetings there.
    expect(count(r.facets.attendance, 'in_person')).toBe(2);
    expect(count(r.facets.attendance, 'hybrid')).toBe(1);
    expect(count(r.facets.attendance, 'online')).toBe(1);
    expect(count(r.facets.focus, 'depression')).toBe(1);
    expect(count(r.facets.focus, 'opioids')).toBe(0);
    expect(r.facets.day).toHaveLength(7);
    expect(r.facets.time.map((f) => f.value)).toEqual(['morning', 'midday', 'evening', 'night']);
  });

  it('pages results on the server', async () => {
    const first = await findOk('?pageSize=2');
    expect(first).toMatchObject({ total: 6, page: 1, pageSize: 2, pageCount: 3 });
    expect(first.results).toHaveLength(2);
    const second = await findOk('?pageSize=2&page=2');
    const third = await findOk('?pageSize=2&page=3');
    const all = [...slugs(first), ...slugs(second), ...slugs(third)];
    expect(new Set(all).size).toBe(6);
    expect(all).toEqual(slugs(await findOk('?pageSize=50')));
    expect((await findOk('?pageSize=2&page=4')).results).toEqual([]);
  });

  it.each([
    ['day=7', 'querystring.day'],
    ['day=1&day=monday', 'querystring.day'],
    ['time=afternoon', 'querystring.time'],
    ['attendance=telepathy', 'querystring.attendance'],
    ['focus=alcohl', 'querystring.focus'],
    ['stage=beginner', 'querystring.stage'],
    ['type=NOTATYPE', 'querystring.type'],
    ['type=%3Cscript%3E', 'querystring.type'],
    ['near=somewhere', 'querystring.near'],
    ['near=91,0', 'querystring.near'],
    ['place=Qwzxplatz', 'querystring.place'],
    ['radius=10', 'querystring.radius'],
    ['near=38,-75&radius=-1', 'querystring.radius'],
    ['near=38,-75&units=ft', 'querystring.units'],
    ['now=soon', 'querystring.now'],
    ['tz=Mars/Olympus', 'querystring.tz'],
    ['page=0', 'querystring.page'],
    ['pageSize=51', 'querystring.pageSize'],
    ['colour=blue', 'querystring.colour'],
  ])('answers %s with a 400 naming %s', async (query, field) => {
    const res = await find(`?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('lets visitors and shared caches keep an answer for 30 seconds, with an ETag', async () => {
    const res = await find('?tz=UTC&locale=en&focus=alcohol');
    expect(res.headers['cache-control']).toBe('public, max-age=30');
    expect(res.headers.vary).toBe('Accept-Encoding');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await find('?tz=UTC&locale=en&focus=alcohol', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers['cache-control']).toBe('public, max-age=30');
  });

  it('compresses for clients that accept it, with the same ETag', async () => {
    const plain = await find('?tz=UTC&locale=en');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    const br = await find('?tz=UTC&locale=en', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    const gzip = await find('?tz=UTC&locale=en', { 'accept-encoding': 'gzip, br;q=0' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
    expect(gzip.headers.etag).toBe(plain.headers.etag);
    const none = await find('?tz=UTC&locale=en', { 'accept-encoding': 'identity' });
    expect(none.headers['content-encoding']).toBeUndefined();
  });

  it('sends a small answer as it is: compressing it would cost more than it saves', async () => {
    const small = await find('?tz=UTC&locale=en&q=qqqzzzxxx', { 'accept-encoding': 'br, gzip' });
    expect(small.statusCode).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.length).toBeLessThan(1400);
    expect(small.json()).toMatchObject({ total: 0, results: [] });
  });

  it('uses the signed-in person’s zone by default, privately', async () => {
    const person = await createSignedIn(t, { timezone: 'Europe/London' });
    const res = await person.request({ method: 'GET', url: '/api/finder?q=lewes' });
    expect(res.statusCode).toBe(200);
    expect(res.json().timezone).toBe('Europe/London');
    expect(res.headers['cache-control']).toBe('private, max-age=30');
    expect(res.headers.vary).toBe('Accept-Encoding, Cookie');
    expect((await findOk('?q=lewes')).timezone).toBe('UTC');
  });

  it('is described in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const op = res.json().paths['/api/finder/'] ?? res.json().paths['/api/finder'];
    expect(op.get.parameters.map((p: { name: string }) => p.name)).toContain('attendance');
  });
});

describe('now and within the hour, across the US clock change', () => {
  it('knows a meeting is in progress in daylight time and in standard time', async () => {
    // Monday 2 March 19:30 EST = 3 March 00:30 UTC.
    t.clock.set('2026-03-03T00:30:00Z');
    let r = await findOk('?now=in_progress');
    expect(slugs(r)).toEqual(['lewes-newcomers']);
    expect(r.results[0]!.next.isInProgress).toBe(true);
    // Monday 9 March 19:30 EDT = 23:30 UTC (the clocks went forward on the 8th).
    t.clock.set('2026-03-09T23:30:00Z');
    r = await findOk('?now=in_progress');
    expect(slugs(r)).toEqual(['lewes-newcomers']);
    // 20:30 EDT: over, though it would still run at that UTC time in winter.
    t.clock.set('2026-03-10T00:30:00Z');
    expect((await findOk('?now=in_progress')).total).toBe(0);
  });

  it('finds meetings starting within the hour, not those already running', async () => {
    t.clock.set('2026-03-09T22:15:00Z'); // 18:15 EDT
    expect(slugs(await findOk('?now=within_hour'))).toEqual(['lewes-newcomers']);
    expect((await findOk('?now=in_progress')).total).toBe(0);
    t.clock.set('2026-03-09T23:00:00Z'); // 19:00 EDT: it has started
    expect((await findOk('?now=within_hour')).total).toBe(0);
  });
});

describe('index freshness', () => {
  it('sees a new meeting and a cancellation on the next query after the change', async () => {
    t.clock.set(START);
    const before = await findOk('?q=lighthouse');
    expect(before.total).toBe(0);
    const group = await insertGroup(t.database.db, { name: 'Lighthouse Keepers' });
    const meeting = await insertMeeting(
      t.database.db,
      group.id,
      weekly('Europe/London', '08:00', ['WE']),
      { slug: 'lighthouse-breakfast', name: 'Lighthouse Breakfast' },
    );
    t.app.directoryEvents.changed();
    const after = await findOk('?q=lighthouse');
    expect(slugs(after)).toEqual(['lighthouse-breakfast']);
    expect(after.results[0]!.next.start).toBe('2026-03-04T08:00:00.000Z');

    await insertException(t.database.db, {
      meetingId: meeting.id,
      occurrenceId: '2026-03-04',
      cancelled: true,
    });
    t.app.directoryEvents.changed();
    const cancelled = await findOk('?q=lighthouse');
    expect(cancelled.results[0]!.next.start).toBe('2026-03-11T08:00:00.000Z');
  });

  it('answers again after a clock jump far past the timeline', async () => {
    t.clock.set('2026-07-01T12:00:00Z');
    const r = await findOk('?q=lewes&tz=America/New_York');
    expect(r.results[0]!.next.start).toBe('2026-07-02T23:00:00.000Z'); // Thu 19:00 EDT
    t.clock.set(START);
  });
});
