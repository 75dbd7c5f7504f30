/**
 * The index kept up to date change by change answers exactly as one built from scratch:
 * 500 random edits (seeded, so a failure replays), with the answers to many queries compared
 * along the way and at the end.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FinderQuery, type FinderQueryInput } from '../../../contracts/finder.ts';
import { groups, meetingExceptions, meetings } from '../../db/schema/index.ts';
import { DirectoryEvents, type DirectoryChange } from '../../lib/directory-events.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import {
  MeetingSeries,
  occurrencesBetween,
  type MeetingSeriesInput,
} from '../meetings/recurrence.ts';
import { FinderService, type FinderViewer } from './finder.service.ts';
import { insertGroup, meetingValues, scheduleColumns } from './finder.test-helpers.ts';

const SEED = Number(process.env.FINDER_PROPERTY_SEED ?? 20261202);
const EDITS = 500;
const COMPARE_EVERY = 50;

/** mulberry32: a small seeded generator. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    some: <T>(list: readonly T[], max = 2): T[] => {
      const n = 1 + Math.floor(next() * max);
      return [...new Set(Array.from({ length: n }, () => list[Math.floor(next() * list.length)]!))];
    },
  };
}

const rand = prng(SEED);
const ZONES = ['UTC', 'America/New_York', 'Europe/Madrid', 'Australia/Sydney'];
const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const TYPES = ['O', 'C', 'W', 'M', 'BB', 'ST', 'SP', 'D', 'ONL', 'X'];
const WORDS = ['Hope', 'Serenity', 'Dawn', 'Harbor', 'Lantern', 'Cedar', 'Unity', 'Step', 'Bridge'];
const TOWNS = [
  ['Lewes', 50.87, 0.01],
  ['Brighton', 50.82, -0.14],
  ['Montréal', 45.5, -73.57],
  ['Montreal', 45.51, -73.56],
  ['Boston', 42.36, -71.06],
  ['Sydney', -33.87, 151.21],
] as const;
const FOCUS = ['alcohol', 'drugs', 'gambling', 'anxiety', 'depression', 'eating'];
const STAGES = ['newcomer', 'early_recovery', 'ongoing', 'long_term'];
const AUDIENCES = ['everyone', 'women', 'men', 'young_people'];
const LANGUAGES = ['en', 'es', 'fr'];
const ATTENDANCE = ['in_person', 'online', 'hybrid', 'inactive'] as const;

let t: TestContext;
const events = new DirectoryEvents();
let incremental: FinderService;
const groupIds: string[] = [];
/** Every meeting's schedule, to pick an occurrence to cancel. */
const schedules = new Map<string, MeetingSeriesInput>();

function randomSeries(): MeetingSeriesInput {
  const startTime = `${String(rand.int(24)).padStart(2, '0')}:${rand.pick(['00', '15', '30'])}`;
  const base = {
    timezone: rand.pick(ZONES),
    startTime,
    durationMinutes: rand.pick([45, 60, 90]),
    startsOn: rand.pick(['2025-06-01', '2026-02-20', '2026-03-03']),
  };
  const kind = rand.int(10);
  if (kind < 6) {
    return {
      ...base,
      recurrence: { kind: 'weekly', days: rand.some(DAYS, 3), interval: rand.pick([1, 1, 2]) },
    };
  }
  if (kind < 8) {
    return {
      ...base,
      recurrence: {
        kind: 'monthly',
        week: rand.pick([1, 2, 3, 4, 'last'] as const),
        day: rand.pick(DAYS),
      },
    };
  }
  if (kind < 9)
    return {
      ...base,
      startsOn: rand.pick(['2026-03-02', '2026-03-05']),
      recurrence: { kind: 'once' },
    };
  return {
    ...base,
    endsOn: '2026-03-04',
    recurrence: { kind: 'weekly', days: rand.some(DAYS, 2) },
  };
}

function randomPlace() {
  if (rand.int(5) === 0) return { address: null, latitude: null, longitude: null, regions: [] };
  const [town, lat, lng] = rand.pick(TOWNS);
  const jitter = () => (rand.int(3) === 0 ? 0 : (rand.next() - 0.5) / 20);
  return {
    address: `${1 + rand.int(99)} ${rand.pick(WORDS)} St, ${town}, ${rand.pick(['UK', 'USA', 'Canada'])}`,
    latitude: rand.int(6) === 0 ? null : lat + jitter(),
    longitude: rand.int(6) === 0 ? null : lng + jitter(),
    regions: rand.int(2) === 0 ? [] : [rand.pick(['Sussex', 'Québec', 'Quebec', 'NSW'])],
    approximate: rand.int(4) === 0,
  };
}

function randomFields() {
  return {
    name: `${rand.pick(WORDS)} ${rand.pick(WORDS)}`,
    types: rand.some(TYPES, 3),
    attendance: rand.pick(ATTENDANCE),
    locationName: rand.int(2) ? `${rand.pick(WORDS)} Hall` : null,
    ...randomPlace(),
  };
}

function randomGroup() {
  return {
    name: `${rand.pick(WORDS)} group`,
    description: `Meets for **${rand.pick(WORDS).toLowerCase()}**.`,
    focusAreas: rand.some(FOCUS, 2),
    stage: rand.pick(STAGES),
    audience: rand.pick(AUDIENCES),
    languages: rand.some(LANGUAGES, 2),
    isOpen: rand.int(4) !== 0,
    publicArea: rand.int(2) ? rand.pick(['Sussex', 'Greater Boston', 'Montréal']) : null,
  };
}

let slugCounter = 0;
async function addMeeting(): Promise<string> {
  const series = randomSeries();
  const [row] = await t.database.db
    .insert(meetings)
    .values(
      meetingValues(rand.pick(groupIds), series, {
        ...randomFields(),
        // Slugs in a random order, so new meetings land between old ones.
        slug: `m-${rand.int(100_000)}-${++slugCounter}`,
      }),
    )
    .returning({ id: meetings.id });
  schedules.set(row!.id, series);
  return row!.id;
}

/** One random edit, committed, and what it changed. */
async function randomEdit(): Promise<DirectoryChange> {
  const db = t.database.db;
  const ids = [...schedules.keys()];
  const roll = rand.int(100);
  if (roll < 15 || ids.length < 10) return { meetings: [await addMeeting()] };
  const id = rand.pick(ids);
  if (roll < 35) {
    await db.update(meetings).set(randomFields()).where(eq(meetings.id, id));
  } else if (roll < 50) {
    const series = randomSeries();
    await db.update(meetings).set(scheduleColumns(series)).where(eq(meetings.id, id));
    await db.delete(meetingExceptions).where(eq(meetingExceptions.meetingId, id));
    schedules.set(id, series);
  } else if (roll < 58) {
    await db
      .update(meetings)
      .set({ attendance: rand.pick(ATTENDANCE) })
      .where(eq(meetings.id, id));
  } else if (roll < 66) {
    await db.update(meetings).set(randomPlace()).where(eq(meetings.id, id));
  } else if (roll < 78) {
    // Cancel (or move) one of its next occurrences.
    const series = MeetingSeries.parse(schedules.get(id));
    const now = t.clock.now().getTime();
    const next = occurrencesBetween(
      series,
      new Date(now - 86_400_000),
      new Date(now + 20 * 86_400_000),
    );
    if (next.length === 0) return {};
    const occurrenceId = rand.pick(next).occurrenceId;
    const moved = rand.int(4) === 0;
    await db
      .insert(meetingExceptions)
      .values({
        meetingId: id,
        occurrenceId,
        cancelled: !moved,
        movedDate: moved ? '2026-03-06' : null,
        movedStartTime: moved ? '12:00' : null,
      })
      .onConflictDoNothing();
  } else if (roll < 88) {
    await db.delete(meetings).where(eq(meetings.id, id));
    schedules.delete(id);
  } else {
    const groupId = rand.pick(groupIds);
    const change =
      rand.int(2) === 0
        ? { isOpen: rand.int(2) === 0 }
        : { ...randomGroup(), isOpen: rand.int(2) === 0 };
    await db.update(groups).set(change).where(eq(groups.id, groupId));
    return { groups: [groupId] };
  }
  return { meetings: [id] };
}

/** Queries over every filter, text, distance and paging. */
function queries(): FinderQueryInput[] {
  const list: FinderQueryInput[] = [
    {},
    { page: 2, pageSize: 7 },
    { page: 4, pageSize: 5 },
    { q: 'hope' },
    { q: 'serenty' },
    { q: 'lantern hall', pageSize: 5, page: 2 },
    { q: 'cedar group' },
    { q: 'lewes' },
    { q: 'montreal' },
    { near: '50.85,0', radius: 40 },
    { near: '45.5,-73.57', radius: 5, units: 'mi', page: 2, pageSize: 3 },
    { place: 'Lewes' },
    { place: 'montre' },
    { place: 'Quebec', radius: 100 },
    { place: 'nowhere at all' },
    { now: 'in_progress' },
    { now: 'within_hour' },
    { day: ['1', '3'], time: ['evening'] },
    { time: ['morning', 'night'], pageSize: 4, page: 3 },
    { attendance: ['online'], language: ['es'] },
    { attendance: ['in_person', 'hybrid'], near: '42.36,-71.06', radius: 20 },
    { type: ['W'] },
    { type: ['O', 'BB'] },
    { type: ['ZZ'] },
  ];
  for (const focus of FOCUS) list.push({ focus: [focus], pageSize: 50 });
  for (const stage of STAGES) list.push({ stage: [stage] });
  for (const audience of AUDIENCES) list.push({ audience: [audience], day: ['2'] });
  return list;
}

const VIEWERS: FinderViewer[] = [
  { zone: 'UTC', locale: 'en' },
  { zone: 'America/New_York', locale: 'es' },
];

async function answers(finder: FinderService): Promise<string[]> {
  const out: string[] = [];
  for (const viewer of VIEWERS) {
    for (const input of queries()) {
      const query = FinderQuery.parse(
        Object.fromEntries(
          Object.entries(input).map(([k, v]) => [k, v === undefined ? v : String(v)]),
        ),
      );
      try {
        out.push(
          `${JSON.stringify(input)} ${viewer.zone}: ${(await finder.search(query, viewer)).body}`,
        );
      } catch (err) {
        out.push(`${JSON.stringify(input)} ${viewer.zone}: ${(err as Error).message}`);
      }
    }
  }
  return out;
}

/** A finder on an index built from scratch now. */
async function freshAnswers(): Promise<string[]> {
  const fresh = new FinderService(t.database.db, t.clock, new DirectoryEvents(), t.app.log);
  return answers(fresh);
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-04T18:40:00Z');
  for (let i = 0; i < 6; i++) groupIds.push((await insertGroup(t.database.db, randomGroup())).id);
  for (let i = 0; i < 60; i++) await addMeeting();
  incremental = new FinderService(t.database.db, t.clock, events, t.app.log);
  incremental.start();
  await incremental.warm();
}, 60_000);

afterAll(async () => {
  incremental.stop();
  await t.close();
});

describe('the finder index updated change by change', () => {
  it(`answers like one built from scratch after ${EDITS} random edits (seed ${SEED})`, async () => {
    const index = incremental.holder.peek();
    let compared = 0;
    for (let n = 1; n <= EDITS; n++) {
      events.changed(await randomEdit());
      // Some edits are searched at once, others pile up and are applied together.
      if (rand.int(4) === 0) await incremental.warm();
      if (n % COMPARE_EVERY === 0) {
        const mine = await answers(incremental);
        const fresh = await freshAnswers();
        for (let q = 0; q < fresh.length; q++) expect(mine[q], `after edit ${n}`).toBe(fresh[q]);
        compared++;
      }
    }
    expect(compared).toBe(EDITS / COMPARE_EVERY);
    // Updated in place all along, never rebuilt.
    expect(incremental.holder.peek()).toBe(index);
    expect(index!.generation).toBeGreaterThan(EDITS);
  }, 120_000);
});
