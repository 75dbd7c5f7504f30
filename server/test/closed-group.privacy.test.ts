/**
 * A closed group's hidden details, tried from outside on every path that could show them.
 *
 * The closed group's meeting carries a distinctive marker in every hidden field (venue,
 * street, town, region, coordinates, notes on the place, conference link and password,
 * phone and its notes, meeting notes, an occurrence's topic and reading). Each kind of
 * outsider — a visitor, someone signed in, a requester, a removed member, a member who left,
 * one who left and asked again, another group's facilitator, a deleted former member, a
 * suspended member —
 * requests every route that could show them, and no answer may hold a marker. An approved
 * member and the group's facilitator DO see them on the same routes, so the test can fail.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFacilitator,
  createGroup,
  meetingBody,
  type TestGroup,
} from '../modules/meetings/meetings.test-helpers.ts';
import { createTestApp, type TestContext } from './harness.ts';
import { createSignedIn, TEST_PASSWORD, type SignedIn } from './users.ts';

// Sunday 1 March 2026: the closed meeting's next Tuesdays are 3 and 10 March.
const START = '2026-03-01T12:00:00Z';
const LAT = 47.6021347;
const LNG = -122.3312468;
const PUBLIC_AREA = 'Northquarter District';

const hidden = {
  locationName: 'Quillfeather Lodge',
  address: '77 Brackenwhistle Lane, Vantlebury, WA 98104, USA',
  latitude: LAT,
  longitude: LNG,
  regions: ['Ossingham Vale'],
  locationNotes: 'Ring the Marigoldbell at the side door',
  conferenceUrl: 'https://meet.example.org/j/ZORPQUILL?pwd=HUSHPASSWORD77',
  conferenceUrlNotes: 'Passcode Kettlewhisper',
  conferencePhone: '+1 555 019 8642',
  conferencePhoneNotes: 'PIN Dovetailmoss',
  notes: 'Bring the Saffronledger workbook',
};
const occurrence = {
  topic: 'Step three with Tamberline',
  literature: 'Grimsworth reader, page 88',
};

/** Every string that would show a hidden detail (coordinates to three decimals, ~100 m). */
const MARKERS = [
  'Quillfeather',
  'Brackenwhistle',
  'Vantlebury',
  'Ossingham',
  'Marigoldbell',
  'ZORPQUILL',
  'HUSHPASSWORD77',
  'Kettlewhisper',
  '5550198642',
  'Dovetailmoss',
  'Saffronledger',
  'Tamberline',
  'Grimsworth',
  '47.602',
  '122.331',
];

let t: TestContext;
let closed: TestGroup;
let open: TestGroup;
let facilitator: SignedIn;
let member: SignedIn;
let closedSlug: string;
let openSlug: string;
/** Each kind of outsider (null: signed out), with a label for failure messages. */
const outsiders: { label: string; who: SignedIn | null }[] = [];

let address = 0;
/** Each person asks from their own address, so the per-address limit counts them apart. */
const from = (who: SignedIn | null) => {
  const remoteAddress = `10.0.0.${++address % 250}`;
  return (opts: InjectOptions): Promise<LightMyRequestResponse> =>
    who ? who.request({ ...opts, remoteAddress }) : t.app.inject({ ...opts, remoteAddress });
};

/** An iCalendar body with its folded lines joined, so a marker split by a fold still shows. */
const unfold = (body: string) => body.replace(/\r?\n[ \t]/g, '');

/** The markers found in an answer (case-insensitive), leaving out those the asker sent. */
function markersIn(body: string, sent = ''): string[] {
  const text = unfold(body).toLowerCase();
  const asked = decodeURIComponent(sent).toLowerCase();
  return MARKERS.filter((m) => !asked.includes(m.toLowerCase()) && text.includes(m.toLowerCase()));
}

async function ok(res: LightMyRequestResponse, label: string) {
  expect(res.statusCode, `${label}: ${res.body}`).toBe(200);
  return res;
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(START);
  closed = await createGroup(t, { isOpen: false, name: 'Quiet Lantern Circle' });
  open = await createGroup(t, { isOpen: true, name: 'Open Door Circle' });
  facilitator = await createFacilitator(t, closed);
  const openFacilitator = await createFacilitator(t, open);

  const patch = await facilitator.request({
    method: 'PATCH',
    url: `/api/groups/${closed.slug}`,
    payload: {
      focusAreas: ['opioids'],
      description: 'A closed circle for people in recovery.',
      publicArea: PUBLIC_AREA,
    },
  });
  await ok(patch, 'closed group edit');
  await ok(
    await openFacilitator.request({
      method: 'PATCH',
      url: `/api/groups/${open.slug}`,
      payload: { focusAreas: ['opioids'] },
    }),
    'open group edit',
  );

  const created = await facilitator.request({
    method: 'POST',
    url: `/api/groups/${closed.slug}/meetings`,
    payload: meetingBody({ name: 'Tuesday Lantern', types: ['C'], ...hidden }),
  });
  expect(created.statusCode, created.body).toBe(201);
  closedSlug = created.json().slug;
  for (const date of ['2026-03-03', '2026-03-10']) {
    await ok(
      await facilitator.request({
        method: 'PUT',
        url: `/api/meetings/${closedSlug}/occurrences/${date}`,
        payload: occurrence,
      }),
      `occurrence ${date}`,
    );
  }
  const control = await openFacilitator.request({
    method: 'POST',
    url: `/api/groups/${open.slug}/meetings`,
    payload: meetingBody({ name: 'Open Tuesday' }),
  });
  expect(control.statusCode, control.body).toBe(201);
  openSlug = control.json().slug;

  // An approved member: asks, the facilitator says yes.
  const join = async (who: SignedIn) =>
    ok(await who.request({ method: 'POST', url: `/api/groups/${closed.slug}/join` }), 'join');
  const decide = async (who: SignedIn, kind: 'approve' | 'remove') =>
    ok(
      await facilitator.request({
        method: 'POST',
        url: `/api/groups/${closed.slug}/members/${who.user.id}/${kind}`,
      }),
      kind,
    );
  const leave = async (who: SignedIn) =>
    ok(await who.request({ method: 'POST', url: `/api/groups/${closed.slug}/leave` }), 'leave');
  const approved = async () => {
    const person = await createSignedIn(t);
    await join(person);
    await decide(person, 'approve');
    return person;
  };

  member = await approved();

  const signedIn = await createSignedIn(t);
  const requester = await createSignedIn(t);
  await join(requester);
  const removed = await approved();
  await decide(removed, 'remove');
  const left = await approved();
  await leave(left);
  const rejoined = await approved();
  await leave(rejoined);
  await join(rejoined);
  const otherFacilitator = await createFacilitator(t, open);
  const suspended = await approved();
  const admin = await createSignedIn(t, { role: 'admin', totpEnabledAt: t.clock.now() });
  await ok(
    await admin.request({
      method: 'POST',
      url: `/api/admin/users/${suspended.user.id}/suspend`,
      payload: {},
    }),
    'suspend',
  );
  const deleted = await approved();
  const gone = await deleted.request({
    method: 'DELETE',
    url: '/api/account',
    payload: { password: TEST_PASSWORD, confirm: 'DELETE' },
  });
  expect(gone.statusCode, gone.body).toBeLessThan(300);

  outsiders.push(
    { label: 'signed out', who: null },
    { label: 'signed in, not in the group', who: signedIn },
    { label: 'requester (pending)', who: requester },
    { label: 'removed member', who: removed },
    { label: 'member who left', who: left },
    { label: 'left, then asked again (pending)', who: rejoined },
    { label: 'another group’s facilitator', who: otherFacilitator },
    { label: 'former member, account deleted', who: deleted },
    { label: 'suspended member', who: suspended },
  );
});
afterAll(() => t.close());

/** Every finder query that could match, echo or measure a hidden detail. */
function finderQueries(): string[] {
  const words = [
    'Quillfeather Lodge',
    'Quillfeather',
    'Brackenwhistle Lane',
    'Vantlebury',
    'Ossingham Vale',
    'Marigoldbell',
    'Saffronledger',
    'Tamberline',
    'Grimsworth',
    'Kettlewhisper',
    'ZORPQUILL',
  ];
  const near = `${LAT},${LNG}`;
  const queries = [
    '',
    ...words.map((w) => `q=${encodeURIComponent(w)}`),
    ...words.map((w) => `place=${encodeURIComponent(w)}`),
    `place=${encodeURIComponent('77 Brackenwhistle Lane, Vantlebury')}`,
    ...[0.05, 0.5, 5, 50, 500].map((r) => `near=${near}&radius=${r}`),
    `near=${near}&radius=0.05&units=mi`,
    `near=47.602,-122.331&radius=1`,
    `near=${near}&radius=1&focus=opioids`,
    `near=${near}&radius=1&q=lantern`,
    'focus=opioids',
    'focus=opioids&stage=ongoing&audience=everyone&language=en',
    'day=2',
    'day=2&time=evening&tz=America/New_York',
    'time=evening',
    'attendance=hybrid',
    'attendance=in_person',
    'attendance=online',
    'type=C',
    'type=C&type=ONL',
    'now=in_progress',
    'now=within_hour',
    'q=lantern',
    'q=tuesday&focus=opioids&locale=es&tz=Europe/Madrid',
    `q=${encodeURIComponent(PUBLIC_AREA)}`,
    `place=${encodeURIComponent(PUBLIC_AREA)}`,
  ];
  for (let page = 1; page <= 4; page++) queries.push(`pageSize=1&page=${page}`);
  return queries;
}

interface FinderBody {
  results?: {
    slug: string;
    distance: unknown;
    location: { latitude: number | null; longitude: number | null; city: string | null };
  }[];
}

describe('the finder', () => {
  it('finds a closed group’s meeting by its public area only', async () => {
    const res = await ok(
      await t.app.inject({ url: `/api/finder?q=${encodeURIComponent(PUBLIC_AREA)}` }),
      'finder by area',
    );
    const found = (res.json() as FinderBody).results!.find((r) => r.slug === closedSlug);
    expect(found?.location).toMatchObject({ city: PUBLIC_AREA, latitude: null, longitude: null });
  });

  it('never matches, echoes or measures a hidden detail, for anyone', async () => {
    const everyone = [...outsiders, { label: 'approved member', who: member }];
    for (const { label, who } of everyone) {
      const ask = from(who);
      for (const query of finderQueries()) {
        const res = await ask({ method: 'GET', url: `/api/finder?${query}` });
        const where = `${label}: /api/finder?${query}`;
        expect([200, 400], `${where}: ${res.body}`).toContain(res.statusCode);
        expect(markersIn(res.body, query), where).toEqual([]);
        if (res.statusCode !== 200) continue;
        const closedResult = (res.json() as FinderBody).results!.find((r) => r.slug === closedSlug);
        if (!closedResult) continue;
        // Found only by what is public (its filters or its area), never by a hidden detail,
        // and never measured.
        expect(query, where).not.toMatch(/Quillfeather|Bracken|Vantle|Ossingham|near=/i);
        expect(closedResult.distance, where).toBeNull();
        expect(closedResult.location.latitude, where).toBeNull();
        expect(closedResult.location.longitude, where).toBeNull();
      }
    }
  });
});

/** The paths that show a group or its meetings, with the status an outsider gets. */
const groupPaths = () => [
  `/api/groups/${closed.slug}`,
  `/api/groups`,
  `/api/groups?pageSize=50`,
  `/api/groups/${closed.slug}/meetings`,
  `/api/groups/${closed.slug}/meetings?tz=America/New_York`,
  `/api/groups/${closed.slug}/members`,
  `/api/groups/${closed.slug}/requests`,
  `/api/groups/${closed.slug}/change-requests`,
  `/api/groups/${closed.slug}/calendar.ics`,
  `/api/meetings/${closedSlug}`,
  `/api/meetings/${closedSlug}?tz=Europe/London`,
  `/api/meetings/${closedSlug}/occurrences`,
  `/api/meetings/${closedSlug}/change-requests`,
  `/api/meetings/${closedSlug}/calendar.ics`,
  `/api/meeting-change-requests`,
  `/api/meeting-change-requests/mine`,
  `/api/meeting-guide.json`,
  `/api/settings/public`,
  `/api/account/export`,
  `/api/me/home`,
  `/api/me/home?tz=America/New_York`,
];

describe('every other path, as each kind of outsider', () => {
  it('shows none of the closed group’s hidden details', async () => {
    for (const { label, who } of outsiders) {
      const ask = from(who);
      for (const url of groupPaths()) {
        const res = await ask({ method: 'GET', url });
        expect(res.statusCode, `${label}: ${url}`).toBeLessThan(500);
        expect(markersIn(res.body), `${label}: ${url} → ${res.statusCode}`).toEqual([]);
      }
      const match = await ask({
        method: 'POST',
        url: '/api/groups/match',
        payload: { workingOn: ['opioids'], howLong: 'not_started' },
      });
      expect(markersIn(match.body), `${label}: match`).toEqual([]);
      // Suggesting a change would check it against the hidden details: refused outright.
      const suggest = await ask({
        method: 'POST',
        url: `/api/meetings/${closedSlug}/change-requests`,
        payload: { changes: { address: hidden.address }, note: 'Is it here?' },
      });
      expect([401, 403], `${label}: suggest`).toContain(suggest.statusCode);
      expect(markersIn(suggest.body, hidden.address), `${label}: suggest`).toEqual([]);
    }
  });

  it('keeps the closed group’s meetings out of their private calendar feeds', async () => {
    for (const { label, who } of outsiders) {
      if (!who) continue;
      const feed = await from(who)({ method: 'POST', url: '/api/calendar/feed' });
      if (label.includes('deleted') || label.includes('suspended')) {
        expect(feed.statusCode, label).toBe(401);
        continue;
      }
      expect(feed.statusCode, `${label}: ${feed.body}`).toBe(201);
      const ics = await t.app.inject({ url: new URL(feed.json().url).pathname });
      await ok(ics, `${label}: private feed`);
      expect(markersIn(ics.body), `${label}: private feed`).toEqual([]);
      expect(ics.body, label).not.toContain('Tuesday Lantern');
    }
  });

  it('keeps the closed group’s meetings off their home page', async () => {
    for (const { label, who } of outsiders) {
      const res = await from(who)({ method: 'GET', url: '/api/me/home' });
      if (!who || label.includes('deleted') || label.includes('suspended')) {
        expect(res.statusCode, label).toBe(401);
        continue;
      }
      await ok(res, label);
      expect(res.body, label).not.toContain('Tuesday Lantern');
      expect(
        res.json().groups.map((g: { slug: string }) => g.slug),
        label,
      ).not.toContain(closed.slug);
    }
  });

  it('answers the meeting page to outsiders with the details hidden, cacheable as before', async () => {
    for (const { label, who } of outsiders) {
      const res = await from(who)({ method: 'GET', url: `/api/meetings/${closedSlug}` });
      await ok(res, label);
      const page = res.json();
      expect(page.meeting, label).toMatchObject({ detailsHidden: true, notes: '', regions: [] });
      expect(
        page.occurrences.map((o: { topic: unknown; literature: unknown }) => [
          o.topic,
          o.literature,
        ]),
        label,
      ).not.toContainEqual([occurrence.topic, occurrence.literature]);
      expect(res.headers['cache-control'], label).toBeUndefined();
    }
  });
});

describe('the group’s own people', () => {
  it('see every hidden detail on the same paths (so the checks above can fail)', async () => {
    const ask = from(member);
    const page = await ok(await ask({ url: `/api/meetings/${closedSlug}` }), 'meeting page');
    expect(markersIn(page.body)).toEqual(MARKERS);
    expect(page.headers['cache-control']).toBe('no-store');
    const list = await ok(await ask({ url: `/api/groups/${closed.slug}/meetings` }), 'list');
    expect(markersIn(list.body)).toEqual(expect.arrayContaining(['Quillfeather', 'Tamberline']));
    expect(list.headers['cache-control']).toBe('no-store');
    const group = await ok(await ask({ url: `/api/groups/${closed.slug}` }), 'group page');
    expect(group.json().viewer.canSeeMeetingDetails).toBe(true);
    expect(group.headers['cache-control']).toMatch(/no-store/);

    for (const url of [
      `/api/meetings/${closedSlug}/calendar.ics`,
      `/api/groups/${closed.slug}/calendar.ics`,
    ]) {
      const ics = await ok(await ask({ url }), url);
      expect(markersIn(ics.body), url).toEqual(
        expect.arrayContaining(['Quillfeather', 'Brackenwhistle', 'ZORPQUILL', '5550198642']),
      );
    }
    const feed = await ask({ method: 'POST', url: '/api/calendar/feed' });
    const ics = await ok(
      await t.app.inject({ url: new URL(feed.json().url).pathname }),
      'private feed',
    );
    expect(markersIn(ics.body)).toEqual(expect.arrayContaining(['Quillfeather', 'ZORPQUILL']));

    const home = await ok(await ask({ url: '/api/me/home' }), 'home');
    expect(markersIn(home.body)).toEqual(expect.arrayContaining(['Quillfeather', 'ZORPQUILL']));
    expect(home.json().meetings[0]).toMatchObject({
      meetingName: 'Tuesday Lantern',
      group: { slug: closed.slug },
    });
    expect(home.headers['cache-control']).toBe('no-store');

    const exported = await ok(await ask({ url: '/api/account/export' }), 'export');
    expect(markersIn(exported.body)).toEqual(
      expect.arrayContaining(['Quillfeather', 'HUSHPASSWORD77', 'Saffronledger', '47.602']),
    );

    const occurrences = await ok(
      await from(facilitator)({ url: `/api/meetings/${closedSlug}/occurrences` }),
      'occurrences',
    );
    expect(markersIn(occurrences.body)).toEqual(['Tamberline', 'Grimsworth']);
  });

  it('leaves the open group’s meeting whole for everyone', async () => {
    const res = await ok(await t.app.inject({ url: `/api/meetings/${openSlug}` }), 'open');
    expect(res.json().meeting).toMatchObject({ detailsHidden: false, locationName: 'Hope Hall' });
    const feed = await ok(await t.app.inject({ url: '/api/meeting-guide.json' }), 'feed');
    expect(feed.body).toContain('Hope Hall');
  });
});
