import type { z } from 'zod';
import type { QueryValue } from '../http/build-url.ts';
import { GraphPageLimitError, GraphSchemaError, type MicrosoftCallInfo } from './errors.ts';
import type { GraphRequester } from './graph-request.ts';
import { collectionSchema, type Collection } from './schemas/common.ts';

/** What every Graph resource of a tenant needs. */
export interface GraphContext {
  readonly request: GraphRequester;
  readonly tenant: string;
  /** `GRAPH_BASE_URL`; next-page links must stay on its origin. */
  readonly graphBaseUrl: string;
  /** Guard against a server that never stops handing out next pages. */
  readonly maxPages: number;
}

/** The first page's request of a list. */
export interface ListRequest {
  readonly route: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Sent with every page (`ConsistencyLevel: eventual` for `$count`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Every item of a Graph collection, page after page, as an `AsyncIterable` (model: octokit
 * plugin-paginate-rest). Pages are chained by `@odata.nextLink`, followed exactly as given
 * (https://learn.microsoft.com/graph/paging: its `$skiptoken` is opaque) — but only on Graph's own
 * origin: the bearer token goes with every page, so a link to anywhere else is refused with
 * {@link GraphSchemaError} instead of followed. Stopping the loop early stops fetching.
 */
export async function* listAll<S extends z.ZodType>(ctx: GraphContext, item: S, first: ListRequest): AsyncGenerator<z.output<S>, void, undefined> {
  const schema = collectionSchema(item);
  const call: MicrosoftCallInfo = { service: 'Graph', tenant: ctx.tenant, method: 'GET', route: first.route };
  let page = (await ctx.request({ method: 'GET', ...first, schema, kind: 'read' })) as Collection<z.output<S>>;
  for (let pages = 1; ; pages += 1) {
    yield* page.value;
    const next = page['@odata.nextLink'];
    if (!next) return;
    if (pages >= ctx.maxPages) throw new GraphPageLimitError(call, ctx.maxPages);
    const url = checkedNextLink(ctx.graphBaseUrl, next, call);
    page = await ctx.request({ method: 'GET', route: first.route, url, ...(first.headers ? { headers: first.headers } : {}), schema, kind: 'read' });
  }
}

/** `next` when it is an absolute URL on the origin of `graphBaseUrl`; the error names only the other origin. */
export function checkedNextLink(graphBaseUrl: string, next: string, call: MicrosoftCallInfo): string {
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    throw new GraphSchemaError(call, '@odata.nextLink', 'is not an absolute URL', false);
  }
  const expected = new URL(graphBaseUrl).origin;
  if (url.origin !== expected) {
    throw new GraphSchemaError(call, '@odata.nextLink', `points to ${url.origin}, not ${expected}; not followed, so the token is not sent there`, false);
  }
  return url.toString();
}
