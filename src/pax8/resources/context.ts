import type { z } from 'zod';
import { maxPageSize, paginate } from '../paginate.ts';
import type { QueryValue, Requester } from '../request.ts';
import { pageSchema, type Page } from '../schemas/common.ts';

/** What every resource needs: the request function and the pagination settings. */
export interface ResourceContext {
  readonly request: Requester;
  readonly maxPages: number;
  readonly pageConcurrency: number;
  /** Page size of the whole-account crawls (every subscription, every invoice item). */
  readonly crawlPageSize: number;
}

export type Query = Readonly<Record<string, QueryValue>>;

/** One page of a list route. */
export function fetchPage<S extends z.ZodType>(
  ctx: ResourceContext,
  route: string,
  item: S,
  params: Readonly<Record<string, string>>,
  query: Query,
): Promise<Page<z.output<S>>> {
  return ctx.request({ method: 'GET', route, params, query, schema: pageSchema(item), kind: 'read' });
}

/** The items of a non-paged list route (`{ content }`: provision details, pricing, history). */
export async function fetchContent<T>(
  ctx: ResourceContext,
  route: string,
  schema: z.ZodType<{ content: T[] }>,
  params: Readonly<Record<string, string>>,
  query: Query = {},
): Promise<T[]> {
  return (await ctx.request({ method: 'GET', route, params, query, schema, kind: 'read' })).content;
}

/**
 * Every item of a list route, 200 per page (Pax8's documented maximum), or `size` per page for the
 * crawls that use the larger pages the live API serves.
 */
export function listAll<S extends z.ZodType>(
  ctx: ResourceContext,
  route: string,
  item: S,
  params: Readonly<Record<string, string>> = {},
  query: Query = {},
  size: number = maxPageSize,
): AsyncIterable<z.output<S>> {
  const schema = pageSchema(item);
  return paginate((page) => ctx.request({ method: 'GET', route, params, query: { ...query, page, size }, schema, kind: 'read' }), {
    route,
    maxPages: ctx.maxPages,
    concurrency: ctx.pageConcurrency,
  });
}

/** Copies only the defined entries of a filter object into a query. */
export function toQuery(filters: object | undefined): Query {
  const query: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(filters ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') query[key] = value;
  }
  return query;
}
