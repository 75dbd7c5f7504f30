/**
 * Fixed-size sets of record numbers as bit arrays: the finder's filters are intersections of
 * precomputed sets, a few hundred machine words each for a 20,000-meeting directory.
 */
export class Bitset {
  readonly words: Uint32Array;

  constructor(
    readonly size: number,
    words?: Uint32Array,
  ) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  static full(size: number): Bitset {
    const set = new Bitset(size);
    set.words.fill(0xffffffff);
    const extra = set.words.length * 32 - size;
    if (extra > 0 && set.words.length > 0) {
      set.words[set.words.length - 1] = 0xffffffff >>> extra;
    }
    return set;
  }

  static of(size: number, members: Iterable<number>): Bitset {
    const set = new Bitset(size);
    for (const i of members) set.add(i);
    return set;
  }

  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** In place: becomes a copy of `other`. */
  copyFrom(other: Bitset): this {
    this.words.set(other.words);
    return this;
  }

  clone(): Bitset {
    return new Bitset(this.size, this.words.slice());
  }

  /** In place: keeps only members also in `other`. */
  and(other: Bitset): this {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) a[i]! &= b[i]!;
    return this;
  }

  /** In place: adds the members of `other`. */
  or(other: Bitset): this {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) a[i]! |= b[i]!;
    return this;
  }

  count(): number {
    let n = 0;
    for (const w of this.words) n += popcount(w);
    return n;
  }

  /** Size of the intersection, without building it. */
  countAnd(other: Bitset): number {
    const a = this.words;
    const b = other.words;
    let n = 0;
    for (let i = 0; i < a.length; i++) n += popcount(a[i]! & b[i]!);
    return n;
  }

  /** Numbers of the words with any member (to count a sparse set against many others). */
  nonZeroWords(): Int32Array {
    const found: number[] = [];
    for (let w = 0; w < this.words.length; w++) if (this.words[w] !== 0) found.push(w);
    return Int32Array.from(found);
  }

  /** `countAnd`, looking only at the given words (those where this set has members). */
  countAndIn(other: Bitset, wordNumbers: Int32Array): number {
    const a = this.words;
    const b = other.words;
    let n = 0;
    for (const w of wordNumbers) n += popcount(a[w]! & b[w]!);
    return n;
  }

  forEach(fn: (i: number) => void): void {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w]!;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        fn((w << 5) + bit);
        word &= word - 1;
      }
    }
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The union of the sets for `values` (absent values add nothing). */
export function unionOf(
  size: number,
  sets: Map<string, Bitset>,
  values: readonly string[],
): Bitset {
  const result = new Bitset(size);
  for (const v of values) {
    const set = sets.get(v);
    if (set) result.or(set);
  }
  return result;
}
