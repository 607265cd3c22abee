import { badQuery, unsupportedQuery } from './graph-error.ts';

/** Graph's page size for `/users` when `$top` is not given, and the most `$top` allows. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_TOP = 999;

/** Refuses `$`-options the resource does not support (Graph ignores other parameters). */
export function allowOnly(query: URLSearchParams, allowed: readonly string[], resource: string): void {
  for (const key of query.keys()) {
    if (key.startsWith('$') && !allowed.includes(key)) {
      throw unsupportedQuery(`The query option '${key}' is not supported on ${resource}${allowed.length > 0 ? `; supported: ${allowed.join(', ')}` : ''}.`);
    }
  }
}

/** `$select=a,b` checked against the properties of the type; undefined when absent. */
export function parseSelect(query: URLSearchParams, selectable: readonly string[], typeName: string): string[] | undefined {
  const raw = query.get('$select');
  if (raw === null) return undefined;
  const fields = raw.split(',').map((f) => f.trim()).filter((f) => f !== '');
  if (fields.length === 0) throw badQuery("The query specified in the URI is not valid. '$select' needs at least one property.");
  for (const field of fields) {
    if (!selectable.includes(field)) throw badQuery(`Parsing OData Select and Expand failed: Could not find a property named '${field}' on type '${typeName}'.`);
  }
  return fields;
}

/** The object with only the selected properties (in the object's order), or its default set. */
export function project(full: Readonly<Record<string, unknown>>, selected: readonly string[] | undefined, defaults: readonly string[]): Record<string, unknown> {
  const keep = new Set(selected ?? defaults);
  return Object.fromEntries(Object.entries(full).filter(([key]) => keep.has(key)));
}

/** The OData context of a response: `{graph base}/$metadata#users(displayName,id)`. */
export function odataContext(graphBase: string, entitySet: string, selected?: readonly string[]): string {
  return `${graphBase}/$metadata#${entitySet}${selected ? `(${selected.join(',')})` : ''}`;
}

/** `$top`, 1 to 999 as on Graph. */
export function parseTop(query: URLSearchParams): number {
  const raw = query.get('$top');
  if (raw === null) return DEFAULT_PAGE_SIZE;
  const top = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || top < 1 || top > MAX_TOP) throw badQuery(`Invalid page size specified: '${raw}'. Must be between 1 and ${MAX_TOP} inclusive.`);
  return top;
}

/** `$count=true|false`; anything else is a 400. */
export function parseCount(query: URLSearchParams): boolean {
  const raw = query.get('$count');
  if (raw === null) return false;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw badQuery(`Invalid value '${raw}' for $count query option found. The $count query option requires a Boolean value.`);
}

/** The position a `$skiptoken` of ours stands for (opaque to clients, as Graph's are). */
export function parseSkipToken(query: URLSearchParams): number {
  const raw = query.get('$skiptoken');
  if (raw === null) return 0;
  try {
    const decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (typeof decoded === 'object' && decoded !== null && 'offset' in decoded && Number.isInteger(decoded.offset) && Number(decoded.offset) >= 0) return Number(decoded.offset);
  } catch {
    // Reported below.
  }
  throw badQuery('Invalid $skiptoken: follow @odata.nextLink as given.');
}

/**
 * The absolute `@odata.nextLink` of the page after `offset`: the same request with a `$skiptoken`.
 * Clients follow it as given, so it is built from the sandbox's own base URL.
 */
export function nextLink(graphBase: string, path: string, query: URLSearchParams, offset: number): string {
  const params = new URLSearchParams(query);
  params.delete('$skiptoken');
  params.set('$skiptoken', Buffer.from(JSON.stringify({ offset })).toString('base64url'));
  return `${graphBase}${path}?${params.toString().replace(/%24/g, '$').replace(/%2C/gi, ',')}`;
}
