/**
 * A small seeded random source (mulberry32). The sandbox must produce the same companies,
 * subscriptions and invoices for the same seed, so tests and demos can name ids; `Math.random`
 * would make every run different.
 */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** A version-4 shaped UUID drawn from this source. */
  uuid(): string;
}

/**
 * The first value `createPrng(seed).next()` gives, without building a generator: for hot loops that
 * need one number per item (a day's reading of a usage meter).
 */
export function firstFloat(seed: number): number {
  let t = ((seed >>> 0) + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Creates a mulberry32 generator; the same seed always yields the same sequence. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  };
  const weighted = <T>(entries: readonly (readonly [T, number])[]): T => {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = next() * total;
    for (const [value, w] of entries) {
      roll -= w;
      if (roll < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new RangeError('weighted pick from an empty list');
    return last[0];
  };
  const hex8 = (): string => (Math.floor(next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
  const uuid = (): string => {
    const a = hex8();
    const b = hex8();
    const c = hex8();
    const d = hex8();
    const variant = (8 + Math.floor(next() * 4)).toString(16);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  };
  return { next, int, pick, chance: (p) => next() < p, weighted, uuid };
}

/** Folds strings and numbers into a 32-bit seed, to derive an independent stream per entity. */
export function hashSeed(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Rounds money to cents, as Pax8 amounts are. */
export function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
