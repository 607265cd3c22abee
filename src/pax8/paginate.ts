import { Pax8PageLimitError } from './errors.ts';
import type { Page } from './schemas/common.ts';

/** Pax8's documented maximum page size (WIRE-NOTES "Pagination"). */
export const maxPageSize = 200;

export interface PaginateOptions {
  /** Route template, for the error when the guard trips. */
  readonly route: string;
  /** Refuse lists longer than this many pages instead of looping forever on a misbehaving server. */
  readonly maxPages: number;
  /** Pages in flight at once once the first page told how many there are (bounded; 1 = sequential). */
  readonly concurrency: number;
}

/**
 * Every item of a paged list, page after page, as an `AsyncIterable` (model: octokit
 * plugin-paginate-rest). Page 0 is read first; it tells `totalPages`, and the following pages are
 * fetched up to `concurrency` at a time and yielded in order. Stopping the loop early stops fetching.
 */
export async function* paginate<T>(fetchPage: (page: number) => Promise<Page<T>>, options: PaginateOptions): AsyncGenerator<T, void, undefined> {
  const first = await fetchPage(0);
  yield* first.content;
  const totalPages = first.page.totalPages;
  if (totalPages > options.maxPages) throw new Pax8PageLimitError(options.route, options.maxPages);
  if (first.content.length === 0) return;
  const inFlight: Promise<Page<T>>[] = [];
  let nextPage = 1;
  const fill = (): void => {
    while (nextPage < totalPages && inFlight.length < Math.max(1, options.concurrency)) {
      const pending = fetchPage(nextPage);
      // Pages fetched ahead may fail after the consumer stopped; the failure is seen when awaited.
      pending.catch(() => undefined);
      inFlight.push(pending);
      nextPage += 1;
    }
  };
  fill();
  while (inFlight.length > 0) {
    const page = await (inFlight.shift() as Promise<Page<T>>);
    fill();
    yield* page.content;
    if (page.content.length === 0) return;
  }
}
