/**
 * The finder's geography: place names the listed meetings give (with median coordinates), and
 * the records with coordinates in latitude order for distance searches. Both are kept fresh
 * one changed record at a time (finder.index.ts `applyChanges`).
 */
import { foldText, placeNamesOf, type FinderRecord } from './finder.records.ts';

export interface Place {
  label: string;
  latitude: number;
  longitude: number;
  /** How many meetings name it. */
  count: number;
}

/** One place name's points: per record, its coordinates, how often it names it, and how. */
type PlacePoints = Map<number, { label: string; lat: number; lng: number; n: number }>;

const hasCoordinates = (r: FinderRecord | undefined): r is FinderRecord =>
  r !== undefined && r.latitude !== null && r.longitude !== null;

/** Place names (folded: no case, no accents) the listed meetings give, each with its centre. */
export class PlaceNames {
  private readonly places = new Map<string, Place>();
  private readonly points = new Map<string, PlacePoints>();

  /** `first(a, b) < 0` when record `a` names a place before `b` does (labels follow it). */
  constructor(private readonly compareRecords: (a: number, b: number) => number) {}

  /** Adds a listed record's names; the folded names touched go to `touched`. */
  add(r: FinderRecord, touched: Set<string>): void {
    if (!hasCoordinates(r)) return;
    for (const name of placeNamesOf(r)) {
      const key = foldText(name);
      if (key.length < 2) continue;
      let points = this.points.get(key);
      if (!points) this.points.set(key, (points = new Map()));
      const mine = points.get(r.index);
      // A name folded the same twice (“Montréal”, “Montreal”) counts twice, labelled by the first.
      if (mine) mine.n++;
      else points.set(r.index, { label: name, lat: r.latitude!, lng: r.longitude!, n: 1 });
      touched.add(key);
    }
  }

  /** Takes a record's names out; the folded names touched go to `touched`. */
  remove(r: FinderRecord, touched: Set<string>): void {
    if (!hasCoordinates(r)) return;
    for (const name of placeNamesOf(r)) {
      const key = foldText(name);
      if (this.points.get(key)?.delete(r.index)) touched.add(key);
    }
  }

  /**
   * A place name's entry from its points: the median coordinates of the listed meetings
   * naming it (the median shrugs off a few misplaced pins), labelled as the first of them
   * by slug names it.
   */
  refresh(key: string): void {
    const points = this.points.get(key);
    if (!points || points.size === 0) {
      this.points.delete(key);
      this.places.delete(key);
      return;
    }
    const lats: number[] = [];
    const lngs: number[] = [];
    let first = -1;
    for (const [i, p] of points) {
      for (let n = 0; n < p.n; n++) {
        lats.push(p.lat);
        lngs.push(p.lng);
      }
      if (first < 0 || this.compareRecords(i, first) < 0) first = i;
    }
    this.places.set(key, {
      label: points.get(first)!.label,
      latitude: median(lats),
      longitude: median(lngs),
      count: lats.length,
    });
  }

  /** The place with exactly this name (ignoring case and accents). */
  exact(name: string): Place | null {
    return this.places.get(foldText(name)) ?? null;
  }

  /** Exact, else the most named place whose name starts with it (ties: alphabetical). */
  find(name: string): Place | null {
    const key = foldText(name);
    const exact = this.places.get(key);
    if (exact) return exact;
    let best: Place | null = null;
    let bestKey = '';
    for (const [placeKey, place] of this.places) {
      if (!placeKey.startsWith(key) || (best && place.count < best.count)) continue;
      // Equal counts: the first name alphabetically, whatever order the places were added in.
      if (!best || place.count > best.count || placeKey < bestKey) {
        best = place;
        bestKey = placeKey;
      }
    }
    return best;
  }
}

/** Record numbers with coordinates by latitude (`order`), and those latitudes (`sorted`). */
export interface LatitudeOrder {
  order: Int32Array;
  sorted: Float64Array;
}

export function latitudeOrder(records: readonly (FinderRecord | undefined)[]): LatitudeOrder {
  const withCoordinates = records.filter(hasCoordinates);
  withCoordinates.sort((a, b) => a.latitude! - b.latitude!);
  return {
    order: Int32Array.from(withCoordinates, (r) => r.index),
    sorted: Float64Array.from(withCoordinates, (r) => r.latitude!),
  };
}

/**
 * The latitude order with the changed records moved (out, then back in where they belong):
 * one merge, no full sort.
 */
export function updateLatitudeOrder(
  current: LatitudeOrder,
  records: readonly (FinderRecord | undefined)[],
  changed: readonly number[],
  size: number,
): LatitudeOrder {
  const isChanged = new Uint8Array(size);
  for (const i of changed) isChanged[i] = 1;
  const added = changed
    .map((i) => records[i])
    .filter(hasCoordinates)
    .sort((a, b) => a.latitude! - b.latitude!);
  let kept = 0;
  for (const i of current.order) if (!isChanged[i]) kept++;
  const total = kept + added.length;
  const order = new Int32Array(total);
  const sorted = new Float64Array(total);
  let k = 0;
  let a = 0;
  for (let n = 0; n < total; n++) {
    while (k < current.order.length && isChanged[current.order[k]!]) k++;
    const next = added[a];
    if (k < current.order.length && (!next || current.sorted[k]! <= next.latitude!)) {
      order[n] = current.order[k]!;
      sorted[n] = current.sorted[k++]!;
    } else {
      order[n] = next!.index;
      sorted[n] = next!.latitude!;
      a++;
    }
  }
  return { order, sorted };
}

export function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
