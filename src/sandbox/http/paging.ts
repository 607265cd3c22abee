import type { WireObject } from '../wire/wire-types.ts';
import { ApiError } from './api-error.ts';

export interface Paging {
  page: number;
  size: number;
}

function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new ApiError(400, `Invalid value for parameter '${name}': ${raw}`, [{ message: `${name} must be an integer` }]);
  return value;
}

/**
 * The largest page served. Pax8 documents 200, but the live API serves pages of 1000 (its own CLI
 * lists subscriptions with `size=1000`; WIRE-NOTES "Spec vs wire"), so a faithful stand-in does too.
 */
export const MAX_PAGE_SIZE = 1000;

/** Reads `page` (0-based) and `size` (default 10, at most {@link MAX_PAGE_SIZE}). */
export function parsePaging(query: URLSearchParams): Paging {
  const page = intParam(query, 'page', 0);
  const size = intParam(query, 'size', 10);
  if (page < 0) throw new ApiError(400, 'Page index must not be less than zero', [{ message: 'page must be greater than or equal to 0' }]);
  if (size < 1) throw new ApiError(400, 'Page size must not be less than one', [{ message: 'size must be greater than or equal to 1' }]);
  if (size > MAX_PAGE_SIZE) throw new ApiError(400, `Page size must not be greater than ${MAX_PAGE_SIZE}`, [{ message: `size must be less than or equal to ${MAX_PAGE_SIZE}` }]);
  return { page, size };
}

/** The Pax8 list envelope `{content, page: {size, totalElements, totalPages, number}}`. */
export function paginate<T>(items: readonly T[], paging: Paging, map: (item: T) => WireObject) {
  const start = paging.page * paging.size;
  return {
    content: items.slice(start, start + paging.size).map(map),
    page: { size: paging.size, totalElements: items.length, totalPages: Math.ceil(items.length / paging.size), number: paging.page },
  };
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return (typeof a === 'string' ? a : JSON.stringify(a)).localeCompare(typeof b === 'string' ? b : JSON.stringify(b));
}

/**
 * Applies `sort=field,direction` (Spring style, as Pax8 uses). `fields` maps the sortable wire
 * field names to a value; an unknown field is refused with 400 like Pax8 does.
 */
export function sortItems<T>(items: readonly T[], query: URLSearchParams, fields: Readonly<Record<string, (item: T) => unknown>>): readonly T[] {
  const raw = query.getAll('sort').filter((s) => s.trim() !== '');
  if (raw.length === 0) return items;
  const keys = raw.map((entry) => {
    const [field = '', direction = 'asc'] = entry.split(',').map((s) => s.trim());
    const get = fields[field];
    if (!get) throw new ApiError(400, `No property '${field}' found for sorting`, [{ message: `sortable fields: ${Object.keys(fields).join(', ')}` }]);
    if (!/^(asc|desc)$/i.test(direction)) throw new ApiError(400, `Invalid sort direction '${direction}'`, [{ message: 'direction must be asc or desc' }]);
    return { get, sign: direction.toLowerCase() === 'desc' ? -1 : 1 };
  });
  return [...items].sort((a, b) => {
    for (const { get, sign } of keys) {
      const c = compare(get(a), get(b));
      if (c !== 0) return c * sign;
    }
    return 0;
  });
}
