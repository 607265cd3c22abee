import { z } from 'zod';
import { wireIds } from '../wire-ids.ts';

/**
 * Building blocks shared by the view contracts. Views carry facts — numbers as numbers, a currency
 * code next to money, dates as ISO-8601 text — and never platform markup; the card presenters turn
 * them into text with `format.ts`, and Teams and Slack both show those cards.
 */

/** ISO-8601 date or date-time text, as produced by `Date.prototype.toISOString` or a Pax8 date. */
export const isoDateSchema = z.string().min(1);

/** A currency code (`USD`, `EUR`); `null` when Pax8 did not say. */
export const currencySchema = z.string().min(1).nullable();

/** A company named in a view, so cards can say whose data it is. */
export const companyRefSchema = z.object({ id: z.string(), name: z.string() });
export type CompanyRef = z.infer<typeof companyRefSchema>;

/**
 * A button that re-runs a command with a different page. `command` is the command text as the
 * technician would type it; adapters send it back with the `page` verb.
 */
export const pageActionSchema = z.object({
  verb: z.literal(wireIds.cardVerbs.page),
  label: z.string(),
  command: z.string(),
  page: z.number().int().min(1),
});
export type PageAction = z.infer<typeof pageActionSchema>;

/**
 * A button that runs a command (verb `choose`), as the technician would type it: a candidate of
 * `choices`, a list row's Details, Seats, Cancel or Show card. It can do nothing typing could not.
 */
export const commandActionSchema = z.object({
  verb: z.literal(wireIds.cardVerbs.choose),
  label: z.string(),
  command: z.string(),
});
export type CommandAction = z.infer<typeof commandActionSchema>;

/** Where a paged list stands: 1-based `page`, items per page, how many there are in all. */
export const pagingSchema = z.object({
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  total: z.number().int().min(0),
  /** `true` when `total` is a lower bound (a Pax8 list was cut off by the page guard). */
  totalIsLowerBound: z.boolean(),
  previous: pageActionSchema.nullable(),
  next: pageActionSchema.nullable(),
});
export type Paging = z.infer<typeof pagingSchema>;
