import { ApiError } from './api-error.ts';
import { parseWireDate } from '../wire-dates.ts';

/** A boolean filter: `true`/`false` (any case) or absent; anything else is a 400 as Spring gives. */
export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw new ApiError(400, `Invalid value for parameter '${name}': ${raw}`, [{ message: `${name} must be true or false` }]);
}

export function numberParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (Number.isNaN(value)) throw new ApiError(400, `Invalid value for parameter '${name}': ${raw}`, [{ message: `${name} must be a number` }]);
  return value;
}

export function dateParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = parseWireDate(raw);
  if (value === undefined) throw new ApiError(400, `Invalid value for parameter '${name}': ${raw}`, [{ message: `${name} must be a date (yyyy-MM-dd)` }]);
  return value;
}

/** Case-insensitive equality filter; an absent filter matches everything. */
export function matches(filter: string | null, value: string | undefined): boolean {
  return filter === null || filter === '' || (value ?? '').toLowerCase() === filter.toLowerCase();
}
