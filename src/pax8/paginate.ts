import { Pax8IncompleteListError, Pax8PageLimitError } from './errors.ts';
import type { Page } from './schemas/common.ts';

/** Pax8's documented maximum page size (WIRE-NOTES "Pagination"): what ordinary lists ask for. */
export const maxPageSize = 200;

/**
 * The page size of the crawls that read a whole account (every subscription, every invoice item):
 * the largest page the live API serves (WIRE-NOTES "Spec vs wire": Pax8's own CLI lists
 * subscriptions with `size=1000`). Pax8 counts calls, not items, against the 1000-per-minute limit,
 * so the largest page reads a list in the fewest calls: ⌈n ÷ 1000⌉ instead of ⌈n ÷ 200⌉.
 */
export const crawlPageSize = 1000;

export interface PaginateOptions {
  /** Route template, for the error when the guard trips. */
  readonly route: string;
  /** Refuse lists longer than this many pages instead of looping forever on a misbehaving server. */
  readonly maxPages: number;
  /** Pages in flight at once once the first page told how many there are (bounded; 1 = sequential). */
  readonly concurrency: number;
}

/** The shape every page must keep, from the first page: anything else means items would be missed or read twice. */
function pageChecker(route: string, first: Page<unknown>['page']): (page: Page<unknown>, n: number) => void {
  const { size, totalElements, totalPages } = first;
  const consistent = size >= 1 ? totalPages === Math.ceil(totalElements / size) : totalElements === 0;
  if (!consistent) throw new Pax8IncompleteListError(route, 0, `its paging does not add up (${totalElements} items, ${totalPages} pages of ${size})`);
  return (page, n) => {
    if (page.page.number !== n) throw new Pax8IncompleteListError(route, n, `page ${n} was asked for and page ${page.page.number} came back`);
    if (page.page.totalElements !== totalElements || page.page.totalPages !== totalPages || page.page.size !== size) {
      throw new Pax8IncompleteListError(route, n, `the list changed while it was read (${totalElements} items on page 0, ${page.page.totalElements} on page ${n})`);
    }
    const due = Math.max(0, Math.min(size, totalElements - n * size));
    if (page.content.length !== due) throw new Pax8IncompleteListError(route, n, `page ${n} held ${page.content.length} items where ${due} were due`);
  };
}

/**
 * Every item of a paged list, page after page, as an `AsyncIterable` (model: octokit
 * plugin-paginate-rest). Page 0 is read first; it tells `totalPages`, and the following pages are
 * fetched up to `concurrency` at a time and yielded in order. Stopping the loop early stops fetching.
 *
 * It fails closed: a page that is refused (or fails after its retries), comes back short or empty
 * before the end, or disagrees with page 0 about the list's size ends the iteration with an error,
 * so a caller that gathers the list (`collect`) gets the error and no partial list.
 */
export async function* paginate<T>(fetchPage: (page: number) => Promise<Page<T>>, options: PaginateOptions): AsyncGenerator<T, void, undefined> {
  const first = await fetchPage(0);
  const totalPages = first.page.totalPages;
  if (totalPages > options.maxPages) throw new Pax8PageLimitError(options.route, options.maxPages);
  const check = pageChecker(options.route, first.page);
  check(first, 0);
  yield* first.content;
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
  for (let n = 1; inFlight.length > 0; n++) {
    const page = await (inFlight.shift() as Promise<Page<T>>);
    check(page, n);
    fill();
    yield* page.content;
  }
}
