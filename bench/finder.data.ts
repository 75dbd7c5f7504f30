/**
 * A realistic directory for the finder benchmark: generated groups and meetings in cities
 * across several zones, plus the four real Meeting Guide feeds read through `parseFeed`.
 * Deterministic (seeded), so runs compare.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../server/db/client.ts';
import { groups, meetings } from '../server/db/schema/index.ts';
import { parseFeed } from '../server/modules/meeting-guide/meeting-guide.parse.ts';
import { FEEDS_DIR } from '../server/modules/meeting-guide/meeting-guide.test-helpers.ts';
import {
  insertMany,
  meetingValues,
  type GroupInsert,
  type MeetingInsert,
} from '../server/modules/finder/finder.test-helpers.ts';
import {
  WEEKDAYS,
  type MeetingSeriesInput,
  type Weekday,
} from '../server/modules/meetings/recurrence.ts';
import { AUDIENCES, FOCUS_AREAS, STAGES } from '../contracts/finder.ts';

interface City {
  name: string;
  region: string;
  country: string;
  zone: string;
  lat: number;
  lng: number;
  /** Relative size: how many of the groups are here. */
  weight: number;
  languages: string[];
}

const CITIES: City[] = [
  {
    name: 'Boston',
    region: 'MA',
    country: 'USA',
    zone: 'America/New_York',
    lat: 42.3601,
    lng: -71.0589,
    weight: 6,
    languages: ['en', 'es', 'pt'],
  },
  {
    name: 'Cambridge',
    region: 'MA',
    country: 'USA',
    zone: 'America/New_York',
    lat: 42.3736,
    lng: -71.1097,
    weight: 2,
    languages: ['en'],
  },
  {
    name: 'Worcester',
    region: 'MA',
    country: 'USA',
    zone: 'America/New_York',
    lat: 42.2626,
    lng: -71.8023,
    weight: 2,
    languages: ['en', 'es'],
  },
  {
    name: 'New York',
    region: 'NY',
    country: 'USA',
    zone: 'America/New_York',
    lat: 40.7128,
    lng: -74.006,
    weight: 12,
    languages: ['en', 'es', 'zh'],
  },
  {
    name: 'Philadelphia',
    region: 'PA',
    country: 'USA',
    zone: 'America/New_York',
    lat: 39.9526,
    lng: -75.1652,
    weight: 5,
    languages: ['en', 'es'],
  },
  {
    name: 'Washington',
    region: 'DC',
    country: 'USA',
    zone: 'America/New_York',
    lat: 38.9072,
    lng: -77.0369,
    weight: 4,
    languages: ['en', 'es'],
  },
  {
    name: 'Atlanta',
    region: 'GA',
    country: 'USA',
    zone: 'America/New_York',
    lat: 33.749,
    lng: -84.388,
    weight: 4,
    languages: ['en'],
  },
  {
    name: 'Chicago',
    region: 'IL',
    country: 'USA',
    zone: 'America/Chicago',
    lat: 41.8781,
    lng: -87.6298,
    weight: 7,
    languages: ['en', 'es', 'pl'],
  },
  {
    name: 'Houston',
    region: 'TX',
    country: 'USA',
    zone: 'America/Chicago',
    lat: 29.7604,
    lng: -95.3698,
    weight: 5,
    languages: ['en', 'es'],
  },
  {
    name: 'Denver',
    region: 'CO',
    country: 'USA',
    zone: 'America/Denver',
    lat: 39.7392,
    lng: -104.9903,
    weight: 4,
    languages: ['en', 'es'],
  },
  {
    name: 'Phoenix',
    region: 'AZ',
    country: 'USA',
    zone: 'America/Phoenix',
    lat: 33.4484,
    lng: -112.074,
    weight: 3,
    languages: ['en', 'es'],
  },
  {
    name: 'Los Angeles',
    region: 'CA',
    country: 'USA',
    zone: 'America/Los_Angeles',
    lat: 34.0522,
    lng: -118.2437,
    weight: 9,
    languages: ['en', 'es', 'ko'],
  },
  {
    name: 'San Francisco',
    region: 'CA',
    country: 'USA',
    zone: 'America/Los_Angeles',
    lat: 37.7749,
    lng: -122.4194,
    weight: 5,
    languages: ['en', 'es', 'zh'],
  },
  {
    name: 'Seattle',
    region: 'WA',
    country: 'USA',
    zone: 'America/Los_Angeles',
    lat: 47.6062,
    lng: -122.3321,
    weight: 4,
    languages: ['en'],
  },
  {
    name: 'Toronto',
    region: 'ON',
    country: 'Canada',
    zone: 'America/Toronto',
    lat: 43.6532,
    lng: -79.3832,
    weight: 5,
    languages: ['en', 'fr'],
  },
  {
    name: 'Montréal',
    region: 'QC',
    country: 'Canada',
    zone: 'America/Toronto',
    lat: 45.5019,
    lng: -73.5674,
    weight: 3,
    languages: ['fr', 'en'],
  },
  {
    name: 'Calgary',
    region: 'AB',
    country: 'Canada',
    zone: 'America/Edmonton',
    lat: 51.0447,
    lng: -114.0719,
    weight: 2,
    languages: ['en'],
  },
  {
    name: 'London',
    region: 'Greater London',
    country: 'UK',
    zone: 'Europe/London',
    lat: 51.5072,
    lng: -0.1276,
    weight: 8,
    languages: ['en', 'pl'],
  },
  {
    name: 'Manchester',
    region: 'Greater Manchester',
    country: 'UK',
    zone: 'Europe/London',
    lat: 53.4808,
    lng: -2.2426,
    weight: 3,
    languages: ['en'],
  },
  {
    name: 'Dublin',
    region: 'Leinster',
    country: 'Ireland',
    zone: 'Europe/Dublin',
    lat: 53.3498,
    lng: -6.2603,
    weight: 2,
    languages: ['en', 'ga'],
  },
  {
    name: 'Berlin',
    region: 'Berlin',
    country: 'Germany',
    zone: 'Europe/Berlin',
    lat: 52.52,
    lng: 13.405,
    weight: 3,
    languages: ['de', 'en'],
  },
  {
    name: 'Madrid',
    region: 'Madrid',
    country: 'Spain',
    zone: 'Europe/Madrid',
    lat: 40.4168,
    lng: -3.7038,
    weight: 3,
    languages: ['es'],
  },
  {
    name: 'Sydney',
    region: 'NSW',
    country: 'Australia',
    zone: 'Australia/Sydney',
    lat: -33.8688,
    lng: 151.2093,
    weight: 4,
    languages: ['en'],
  },
  {
    name: 'Melbourne',
    region: 'VIC',
    country: 'Australia',
    zone: 'Australia/Melbourne',
    lat: -37.8136,
    lng: 144.9631,
    weight: 3,
    languages: ['en'],
  },
  {
    name: 'Auckland',
    region: 'Auckland',
    country: 'New Zealand',
    zone: 'Pacific/Auckland',
    lat: -36.8485,
    lng: 174.7633,
    weight: 1,
    languages: ['en', 'mi'],
  },
];

const GROUP_WORDS = [
  'Serenity',
  'Hope',
  'Harbour',
  'Lighthouse',
  'Sunrise',
  'New Day',
  'Fellowship',
  'Open Door',
  'Second Chance',
  'Common Ground',
  'Safe Harbor',
  'Keep It Simple',
  'Daily Reprieve',
  'Steps',
  'Miracle',
  'Courage',
  'Gratitude',
  'Clear Mind',
  'Spring',
  'Riverside',
  'Hilltop',
  'Village',
  'Downtown',
  'Circle',
  'Bridge',
  'Anchor',
  'Compass',
  'Garden',
  'Oak Tree',
  'Lantern',
];
const MEETING_WORDS = [
  'Big Book',
  'Step Study',
  'Speaker',
  'Discussion',
  'Beginners',
  'Meditation',
  'Literature',
  'Women’s',
  'Men’s',
  'Young People',
  'Early Risers',
  'Lunch Bunch',
  'Night Owls',
  'Topic',
  'Newcomers',
  'Living Sober',
  'Tradition',
  'Sharing',
  'Check-in',
  'Mindfulness',
];
const DESCRIPTION_PARTS = [
  'A **welcoming** group where you can listen or share.',
  'We focus on practical ways to handle cravings and triggers.',
  'Newcomers are always welcome; come early for coffee.',
  'Peer support for sobriety, serenity and staying connected.',
  'We read from recovery literature and talk about what helps.',
  'A quiet, gentle space for people facing anxiety and low mood.',
  'Family and friends of people in recovery meet here too.',
  'Wheelchair accessible; parking behind the building.',
  'Bring your questions — there are no wrong ones.',
  'We finish on time and keep what is said here private.',
];
const STREETS = [
  'Main St',
  'Church St',
  'High St',
  'Oak Ave',
  'Park Rd',
  'Maple Ave',
  'Elm St',
  'Station Rd',
  'Mill Ln',
  'King St',
];
const VENUES = [
  'St Mark’s Hall',
  'Community Centre',
  'Public Library',
  'Friends Meeting House',
  'Recovery Clubhouse',
  'YMCA',
  'Health Centre',
  'Town Hall Annex',
];
const TYPES = [
  'O',
  'C',
  'D',
  'SP',
  'B',
  'ST',
  'BE',
  'W',
  'M',
  'Y',
  'LGBTQ',
  'MED',
  'LIT',
  'X',
  'CF',
  'TR',
];
const START_TIMES = [
  '06:30',
  '07:00',
  '07:30',
  '08:00',
  '09:00',
  '10:00',
  '10:30',
  '12:00',
  '12:15',
  '12:30',
  '13:00',
  '15:00',
  '17:30',
  '18:00',
  '18:30',
  '19:00',
  '19:00',
  '19:30',
  '19:30',
  '20:00',
  '20:00',
  '20:30',
  '21:00',
  '22:00',
  '23:30',
  '00:30',
];

/** A seeded generator (LCG): the same directory every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const some = <T>(list: readonly T[], min: number, max: number): T[] => {
    const n = min + Math.floor(next() * (max - min + 1));
    const copy = [...list];
    const out: T[] = [];
    while (out.length < n && copy.length)
      out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]!);
    return out;
  };
  return { next, pick, some };
}

export interface GeneratedDirectory {
  groups: GroupInsert[];
  meetings: MeetingInsert[];
}

/** `meetingCount` meetings in about `groupCount` groups. */
export function generateDirectory(
  meetingCount = 20_000,
  groupCount = 6_000,
  seed = 7,
): GeneratedDirectory {
  const r = rng(seed);
  const weighted = CITIES.flatMap((c) => Array.from({ length: c.weight }, () => c));
  const groupRows: (GroupInsert & { id: string; city: City })[] = [];
  for (let g = 0; g < groupCount; g++) {
    const city = r.pick(weighted);
    const name = `${r.pick(GROUP_WORDS)} ${r.pick(['Group', 'Fellowship', 'Circle', 'Meeting', 'Collective'])} of ${city.name}`;
    const isSpanish = city.languages.includes('es') && r.next() < 0.12;
    groupRows.push({
      id: uuidFor(g),
      city,
      slug: `bench-group-${g}`,
      name: isSpanish
        ? `Grupo ${r.pick(['Esperanza', 'Serenidad', 'Nuevo Amanecer'])} ${city.name}`
        : name,
      description: r.some(DESCRIPTION_PARTS, 1, 3).join(' '),
      focusAreas: r.some(FOCUS_AREAS, 1, 3),
      stage: r.pick(STAGES),
      audience: r.next() < 0.6 ? 'everyone' : r.pick(AUDIENCES),
      languages: isSpanish
        ? ['es']
        : r.next() < 0.1
          ? r.some(city.languages, 1, 2)
          : [city.languages[0]!],
      format: r.pick(['in_person', 'online', 'hybrid'] as const),
      isOpen: r.next() < 0.8,
    });
  }
  const meetingRows: MeetingInsert[] = [];
  for (let m = 0; m < meetingCount; m++) {
    // Every group has a meeting; the rest are spread (some groups meet often).
    const group =
      m < groupCount ? groupRows[m]! : groupRows[Math.floor(r.next() ** 1.5 * groupCount)]!;
    const city = group.city;
    const attendance = r.next() < 0.6 ? 'in_person' : r.next() < 0.6 ? 'online' : 'hybrid';
    const kindRoll = r.next();
    const days: Weekday[] =
      kindRoll < 0.03
        ? [...WEEKDAYS]
        : r.next() < 0.85
          ? [r.pick(WEEKDAYS)]
          : r.some(WEEKDAYS, 2, 3);
    const recurrence: MeetingSeriesInput['recurrence'] =
      kindRoll > 0.95
        ? { kind: 'monthly', week: r.pick([1, 2, 3, 4, 'last'] as const), day: r.pick(WEEKDAYS) }
        : kindRoll > 0.88
          ? { kind: 'weekly', days, interval: 2 }
          : { kind: 'weekly', days };
    const series: MeetingSeriesInput = {
      timezone: city.zone,
      startTime: r.pick(START_TIMES),
      durationMinutes: r.pick([60, 60, 60, 90, 90, 120]),
      startsOn: '2024-01-01',
      endsOn: r.next() < 0.02 ? '2025-12-31' : null,
      recurrence,
    };
    const jitter = () => (r.next() - 0.5) * 0.3;
    const hasPlace = attendance !== 'online';
    meetingRows.push(
      meetingValues(group.id, series, {
        slug: `bench-meeting-${m}`,
        name: `${group.name.split(' of ')[0]} ${r.pick(MEETING_WORDS)}`,
        attendance: r.next() < 0.01 ? 'inactive' : attendance,
        types: r.some(TYPES, 1, 4).concat(attendance === 'in_person' ? [] : ['ONL']),
        locationName: hasPlace ? r.pick(VENUES) : null,
        address: hasPlace
          ? `${1 + Math.floor(r.next() * 999)} ${r.pick(STREETS)}, ${city.name}, ${city.region} ${10000 + Math.floor(r.next() * 89999)}, ${city.country}`
          : `${city.name}, ${city.region}, ${city.country}`,
        approximate: !hasPlace,
        latitude: city.lat + (hasPlace ? jitter() : 0),
        longitude: city.lng + (hasPlace ? jitter() : 0),
        conferenceUrl: attendance === 'in_person' ? null : `https://zoom.us/j/${100000000 + m}`,
        regions: [city.region, city.name],
        notes: '',
      }),
    );
  }
  return { groups: groupRows.map(({ city: _city, ...g }) => g), meetings: meetingRows };
}

function uuidFor(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

/** The four sample feeds and the zone each site uses (their rows mostly omit `timezone`). */
export const FEEDS = [
  { file: 'sussexaa.json', timezone: 'America/New_York' },
  { file: 'edmonton-nonconforming.json', timezone: 'America/Edmonton' },
  { file: 'al-anon-ma.json', timezone: 'America/New_York' },
  { file: 'eda.json', timezone: 'America/New_York' },
] as const;

/**
 * The real feeds as groups (by the feed's `group`, else one per meeting) and weekly
 * meetings — a stand-in for the real importer, enough to put real data in the directory.
 */
export function feedDirectory(): GeneratedDirectory & { skipped: number } {
  const groupRows: GroupInsert[] = [];
  const meetingRows: MeetingInsert[] = [];
  let skipped = 0;
  let groupNumber = 0;
  for (const feed of FEEDS) {
    const source = path.basename(feed.file, '.json');
    const parsed = parseFeed(readFileSync(path.join(FEEDS_DIR, feed.file), 'utf8'), {
      timezone: feed.timezone,
    });
    skipped += parsed.skipped.length;
    const groupIds = new Map<string, string>();
    for (const row of parsed.rows) {
      const groupKey = row.group ?? `meeting:${row.slug}`;
      let groupId = groupIds.get(groupKey);
      if (!groupId) {
        groupId = `00000000-0000-4000-9000-${(++groupNumber).toString(16).padStart(12, '0')}`;
        groupIds.set(groupKey, groupId);
        groupRows.push({
          id: groupId,
          slug: `feed-${source}-group-${groupNumber}`,
          name: row.group ?? row.name,
          description: row.groupNotes ?? '',
          focusAreas:
            source === 'eda'
              ? ['eating']
              : source === 'al-anon-ma'
                ? ['family_friends']
                : ['alcohol'],
          isOpen: !row.types.includes('C'),
          externalSource: source,
          externalKey: groupKey,
        });
      }
      meetingRows.push(
        meetingValues(
          groupId,
          {
            timezone: row.timezone,
            startTime: row.time,
            durationMinutes: Math.max(1, Math.min(24 * 60, row.durationMinutes)),
            startsOn: '2024-01-01',
            recurrence: { kind: 'weekly', days: [WEEKDAYS[row.day]!] },
          },
          {
            slug: `feed-${source}-${row.key}`.slice(0, 120),
            name: row.name,
            locationName: row.location,
            address: row.formattedAddress,
            latitude: row.latitude,
            longitude: row.longitude,
            approximate: row.approximate,
            conferenceUrl: row.conferenceUrl,
            conferencePhone: row.conferencePhone,
            types: row.types,
            regions: row.regions,
            notes: row.notes ?? '',
            attendance: row.attendanceOption,
            externalSource: source,
            externalKey: row.key,
          },
        ),
      );
    }
  }
  return { groups: groupRows, meetings: meetingRows, skipped };
}

/** Inserts a directory; returns the number of meetings written. */
export async function insertDirectory(db: Db, directory: GeneratedDirectory): Promise<number> {
  await insertMany(db, groups, directory.groups);
  await insertMany(db, meetings, directory.meetings);
  return directory.meetings.length;
}

/** The zones visitors search from (the viewer's `tz`). */
const VIEWER_ZONES = [...new Set(CITIES.map((c) => c.zone)), 'UTC', 'Europe/Berlin'];
const LANGUAGES = [...new Set(CITIES.flatMap((c) => c.languages))];
const TIMES = ['morning', 'midday', 'evening', 'night'] as const;
const ATTENDANCE = ['in_person', 'online', 'hybrid'] as const;
/** Words people type: names of groups, meetings and cities, single words of them. */
const SEARCH_WORDS = [
  ...new Set(
    [...GROUP_WORDS, ...MEETING_WORDS, ...CITIES.map((c) => c.name), ...VENUES]
      .flatMap((w) => w.toLowerCase().replace(/’s/g, 's').split(/\s+/))
      .filter((w) => w.length >= 4),
  ),
];

/** One typo as people make them: a letter dropped, doubled, swapped with the next, or wrong. */
function typo(word: string, r: ReturnType<typeof rng>): string {
  if (word.length < 5) return word;
  const at = 1 + Math.floor(r.next() * (word.length - 2));
  const kind = r.next();
  if (kind < 0.3) return word.slice(0, at) + word.slice(at + 1);
  if (kind < 0.5) return word.slice(0, at) + word[at] + word.slice(at);
  if (kind < 0.8) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  const letter = 'aeiourstnl'[Math.floor(r.next() * 10)]!;
  return word.slice(0, at) + letter + word.slice(at + 1);
}

/**
 * The kinds of search the benchmark sends, each a family of queries: its own theme plus
 * random other filters, the viewer's zone and locale, and sometimes a later page.
 */
export const QUERY_FAMILIES = [
  'text search with typos',
  'filters: attendance, time, stage, audience',
  'near a place or point, with a radius',
  'happening now or within the hour',
  'day + attendance + type',
  'focus + language, later pages',
  'every filter mixed',
] as const;
export type QueryFamily = (typeof QUERY_FAMILIES)[number];

/**
 * `count` distinct finder query strings of one family (deterministic for a seed), none
 * repeated: the benchmark walks them in order, so no answer is asked for twice in a run.
 */
export function generateQueries(family: QueryFamily, count: number, seed = 11): string[] {
  const r = rng(seed * 7919 + QUERY_FAMILIES.indexOf(family) * 104729);
  const chance = (p: number) => r.next() < p;
  const seen = new Set<string>();
  const out: string[] = [];
  for (let attempt = 0; out.length < count && attempt < count * 50; attempt++) {
    const params: [string, string][] = [];
    const add = (key: string, values: readonly string[]) => {
      for (const v of [...values].sort()) params.push([key, v]);
    };
    const extras = (p: number) => {
      if (chance(p)) add('focus', r.some(FOCUS_AREAS, 1, 2));
      if (chance(p)) add('stage', r.some(STAGES, 1, 2));
      if (chance(p)) add('audience', r.some(AUDIENCES, 1, 2));
      if (chance(p)) add('language', r.some(LANGUAGES, 1, 2));
      if (chance(p)) add('attendance', r.some(ATTENDANCE, 1, 2));
      if (chance(p / 2)) add('type', r.some(TYPES, 1, 2));
      if (chance(p)) add('day', r.some(['0', '1', '2', '3', '4', '5', '6'], 1, 3));
      if (chance(p)) add('time', r.some(TIMES, 1, 2));
    };
    const words = (n: number) =>
      Array.from({ length: n }, () => {
        const w = r.pick(SEARCH_WORDS);
        return chance(0.6) ? typo(w, r) : chance(0.3) ? w.slice(0, Math.max(3, w.length - 2)) : w;
      }).join(' ');
    const nearby = () => {
      const city = r.pick(CITIES);
      if (chance(0.5)) {
        const name = chance(0.3) ? city.name.toLowerCase() : city.name;
        params.push(['place', name]);
      } else {
        const lat = (city.lat + (r.next() - 0.5) * 0.4).toFixed(4);
        const lng = (city.lng + (r.next() - 0.5) * 0.4).toFixed(4);
        params.push(['near', `${lat},${lng}`]);
      }
      params.push(['radius', String(r.pick([2, 5, 10, 15, 25, 40, 50, 80, 100, 150]))]);
      if (chance(0.4)) params.push(['units', r.pick(['km', 'mi'])]);
    };
    switch (family) {
      case 'text search with typos':
        params.push(['q', words(1 + Math.floor(r.next() * 2.5))]);
        extras(0.1);
        break;
      case 'filters: attendance, time, stage, audience':
        add('attendance', r.some(ATTENDANCE, 1, 2));
        add('time', r.some(TIMES, 1, 2));
        if (chance(0.7)) add('stage', r.some(STAGES, 1, 2));
        if (chance(0.5)) add('audience', r.some(AUDIENCES, 1, 2));
        extras(0.1);
        break;
      case 'near a place or point, with a radius':
        nearby();
        extras(0.15);
        break;
      case 'happening now or within the hour':
        params.push(['now', r.pick(['in_progress', 'within_hour'])]);
        extras(0.15);
        break;
      case 'day + attendance + type':
        add('day', r.some(['0', '1', '2', '3', '4', '5', '6'], 1, 2));
        add('attendance', r.some(ATTENDANCE, 1, 2));
        add('type', r.some(TYPES, 1, 1));
        extras(0.1);
        break;
      case 'focus + language, later pages':
        add('focus', r.some(FOCUS_AREAS, 1, 3));
        add('language', r.some(LANGUAGES, 1, 2));
        params.push(['page', String(2 + Math.floor(r.next() * 4))]);
        extras(0.1);
        break;
      case 'every filter mixed':
        extras(0.3);
        if (chance(0.25)) params.push(['q', words(1)]);
        if (chance(0.25)) nearby();
        if (chance(0.1)) params.push(['now', r.pick(['in_progress', 'within_hour'])]);
        break;
    }
    if (family !== 'focus + language, later pages' && chance(0.2)) {
      params.push(['page', String(2 + Math.floor(r.next() * 3))]);
    }
    if (chance(0.15)) params.push(['pageSize', String(r.pick([10, 30, 50]))]);
    params.push(['tz', r.pick(VIEWER_ZONES)]);
    if (chance(0.3)) params.push(['locale', r.pick(['en', 'es'])]);
    const query = new URLSearchParams(params).toString();
    if (seen.has(query)) continue;
    seen.add(query);
    out.push(query);
  }
  if (out.length < count) throw new Error(`${family}: only ${out.length} distinct queries`);
  return out;
}
