import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FinderResponse } from '../../../contracts/finder.ts';
import { TAXONOMY_LABELS } from '../../../contracts/taxonomy-labels.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { searchWordsOf } from './finder.search-words.ts';
import { insertGroup, insertMeeting, weekly } from './finder.test-helpers.ts';

let t: TestContext;
const ny = 'America/New_York';

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-01T12:00:00Z');
  const db = t.database.db;
  // No name or description says "alcohol", "Spanish" or "online": only the group's settings.
  const dawn = await insertGroup(db, {
    slug: 'dawn',
    name: 'Dawn Circle',
    description: 'Un grupo cálido para empezar el día.',
    focusAreas: ['alcohol'],
    languages: ['es'],
  });
  const sisters = await insertGroup(db, {
    slug: 'sisters',
    name: 'Sisters Together',
    focusAreas: ['alcohol', 'depression'],
    audience: 'women',
    format: 'online',
  });
  const steps = await insertGroup(db, {
    slug: 'steps',
    name: 'Twelve Steps Group',
    description: 'We talk about what helps.',
    focusAreas: ['gambling'],
  });
  await insertMeeting(db, dawn.id, weekly(ny, '07:00', ['MO']), {
    slug: 'first-light',
    name: 'First Light',
    types: ['O', 'BE'],
  });
  await insertMeeting(db, dawn.id, weekly(ny, '19:00', ['TH']), {
    slug: 'dawn-evening',
    name: 'Evening Circle',
    types: ['C'],
  });
  await insertMeeting(db, sisters.id, weekly(ny, '18:00', ['TU']), {
    slug: 'sisters-online',
    name: 'Sisters Tuesday',
    attendance: 'online',
    conferenceUrl: 'https://zoom.us/j/123',
    types: ['W', 'ONL'],
  });
  await insertMeeting(db, steps.id, weekly(ny, '08:00', ['WE']), {
    slug: 'first-steps',
    name: 'First Steps',
  });
});

afterAll(() => t.close());

async function findOk(query: string): Promise<FinderResponse> {
  const res = await t.app.inject({ method: 'GET', url: `/api/finder?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return FinderResponse.parse(res.json());
}

const slugs = (r: FinderResponse) => r.results.map((m) => m.slug).sort();
const q = (text: string) => findOk(`q=${encodeURIComponent(text)}`);

describe('the finder’s text search', () => {
  it('finds a language by its name in English, in Spanish and in itself', async () => {
    const spanish = ['dawn-evening', 'first-light'];
    expect(slugs(await q('spanish'))).toEqual(spanish);
    expect(slugs(await q('español'))).toEqual(spanish);
    expect(slugs(await q('espanol'))).toEqual(spanish);
    expect(slugs(await q('Spanish'))).toEqual(spanish);
  });

  it('finds every meeting of a focus area by its name, as many as the filter counts', async () => {
    const text = await q('alcohol');
    const facet = (await findOk('')).facets.focus.find((f) => f.value === 'alcohol')!;
    expect(facet.count).toBe(3);
    expect(text.total).toBe(facet.count);
    expect(slugs(await findOk('focus=alcohol'))).toEqual(slugs(text));
    expect(slugs(await q('juego'))).toEqual(['first-steps']); // gambling, in Spanish
  });

  it('finds Meeting Guide types and ways to attend by their names in either language', async () => {
    expect(slugs(await q('women'))).toEqual(['sisters-online']);
    expect(slugs(await q('mujeres'))).toEqual(['sisters-online']);
    expect(slugs(await q('en línea'))).toEqual(['sisters-online']);
    expect(slugs(await q('online'))).toEqual(['sisters-online']);
    expect(slugs(await q('newcomer'))).toEqual(['first-light']);
  });

  it('allows a typo in every word, by spelling or by sound, and needs every word', async () => {
    expect(slugs(await q('first lite'))).toEqual(['first-light']);
    expect(slugs(await q('frist light'))).toEqual(['first-light']);
    expect(slugs(await q('first stepps'))).toEqual(['first-steps']);
    expect((await q('first lite')).results[0]!.slug).toBe('first-light');
    expect(slugs(await q('first zebra'))).toEqual([]);
  });
});

describe('searchWordsOf', () => {
  it('names every value in each interface language, from the shared labels', () => {
    const words = searchWordsOf({
      focusAreas: ['alcohol', 'gambling'],
      languages: ['es', 'fr'],
      types: ['W', 'S'],
      attendance: 'hybrid',
      stage: 'newcomer',
      audience: 'women',
    });
    for (const labels of Object.values(TAXONOMY_LABELS)) {
      expect(words).toContain(labels.focus.gambling);
      expect(words).toContain(labels.types.W);
      expect(words).toContain(labels.format.hybrid);
      expect(words).toContain(labels.stage.newcomer);
    }
    expect(words).toMatch(/Spanish/);
    expect(words).toMatch(/español/);
    expect(words).toMatch(/French/);
    expect(words).toMatch(/francés/);
    expect(words).toMatch(/français/);
  });
});
