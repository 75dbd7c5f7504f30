import { beforeAll, describe, expect, it } from 'vitest';
import {
  findPlaceNamed,
  gazetteerStats,
  loadGazetteer,
  type Gazetteer,
} from './finder.gazetteer.ts';
import type { Place } from './finder.index.ts';

let gazetteer: Gazetteer;

beforeAll(async () => {
  gazetteer = await loadGazetteer();
}, 60_000);

describe('the gazetteer', () => {
  it('loads every town of the GeoNames list once, with its load time and memory', () => {
    const stats = gazetteerStats();
    expect(stats?.places).toBeGreaterThan(100_000);
    expect(stats?.fuzzyNames).toBeGreaterThan(20_000);
    expect(stats?.loadMs).toBeGreaterThan(0);
  });

  it('takes London as the one in England, not London, Ontario', () => {
    const london = gazetteer.find('London');
    expect(london?.label).toBe('London, England, GB');
    expect(london?.latitude).toBeCloseTo(51.5, 0);
    expect(london?.longitude).toBeCloseTo(-0.1, 0);
    expect(gazetteer.find('London, Ontario')?.label).toBe('London, Ontario, CA');
    expect(gazetteer.find('london, canada')?.label).toBe('London, Ontario, CA');
  });

  it('tells Springfield, IL from Springfield, MO, by code or name, and says which it chose', () => {
    const il = gazetteer.find('Springfield, IL');
    const mo = gazetteer.find('Springfield, MO');
    expect(il?.label).toBe('Springfield, Illinois, US');
    expect(mo?.label).toBe('Springfield, Missouri, US');
    expect(il?.latitude).toBeCloseTo(39.8, 0);
    expect(mo?.latitude).toBeCloseTo(37.2, 0);
    expect(gazetteer.find('Springfield, Illinois')).toEqual(il);
    expect(gazetteer.find('Springfield IL')).toEqual(il);
    expect(gazetteer.find('springfield, illinois, usa')).toEqual(il);
    // Unqualified: the most populous of them, named so a person can correct it.
    expect(gazetteer.find('Springfield')?.label).toBe('Springfield, Missouri, US');
  });

  it('qualifies by country code, name or a common alias', () => {
    expect(gazetteer.find('Bristol')?.label).toBe('Bristol, England, GB');
    expect(gazetteer.find('Bristol, GB')?.label).toBe('Bristol, England, GB');
    expect(gazetteer.find('Bristol, UK')?.label).toBe('Bristol, England, GB');
    expect(gazetteer.find('Bristol, Connecticut')?.label).toBe('Bristol, Connecticut, US');
    expect(gazetteer.find('Bristol, Estados Unidos')?.label).toMatch(/^Bristol, .*, US$/);
  });

  it('finds a town through a misspelling', () => {
    expect(gazetteer.find('Lodnon')?.label).toBe('London, England, GB');
    expect(gazetteer.find('Brisol')?.label).toBe('Bristol, England, GB');
    expect(gazetteer.find('Springfeld, IL')?.label).toBe('Springfield, Illinois, US');
  });

  it('ignores case and accents, and knows "New York" for New York City', () => {
    expect(gazetteer.find('montreal')?.label).toBe('Montréal, Quebec, CA');
    expect(gazetteer.find('New York')?.label).toBe('New York City, New York, US');
  });

  it('finds nothing for a name no town has', () => {
    expect(gazetteer.find('Qwzxplatz')).toBeNull();
    expect(gazetteer.find('Brackenwhistle Lane, Vantlebury')).toBeNull();
  });
});

describe('findPlaceNamed', () => {
  const lewes: Place = { label: 'London', latitude: 38.77, longitude: -75.14, count: 3 };
  const index = {
    exactPlace: (name: string) => (name.toLowerCase() === 'london' ? lewes : null),
    findPlace: (name: string) => (name.toLowerCase().startsWith('lond') ? lewes : null),
  };

  it('puts a place the meetings name exactly before the gazetteer', async () => {
    expect(await findPlaceNamed(index, 'LONDON')).toBe(lewes);
    expect((await findPlaceNamed(index, 'London, GB'))?.label).toBe('London, England, GB');
  });

  it('falls back to a meeting place starting with the text, else nothing', async () => {
    expect(await findPlaceNamed(index, 'Londzzzq')).toBe(lewes);
    expect(await findPlaceNamed(index, 'Qwzxplatz')).toBeNull();
  });
});
