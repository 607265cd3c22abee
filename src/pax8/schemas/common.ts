import { z } from 'zod';

/**
 * Building blocks for lenient response schemas. Pax8's `required` lists describe what you send, not
 * what you get, fields arrive as `null` as often as absent, and unknown fields are dropped, not
 * refused (WIRE-NOTES "Spec vs wire"). So every response field is optional and nullable unless the
 * client cannot work without it.
 */
export const optionalText = z.string().nullish();
export const optionalNumber = z.number().nullish();
export const optionalBoolean = z.boolean().nullish();

/** Ids are kept as text: Pax8's own examples hold ids that are not valid UUIDs. */
export const id = z.string().min(1);

/**
 * Dates come as `2020-12-01`, `2023-08-11T11:33:12.314-0600` or `...Z`; they are kept as sent and
 * read with {@link parsePax8Date} where a `Date` is needed.
 */
export const pax8Date = z.string().nullish();

/** Reads any of Pax8's date spellings; `undefined` for absent or unreadable values. */
export function parsePax8Date(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const withColonOffset = dateOnly.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const parsed = new Date(withColonOffset);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** Paging block of every list (0-based `number`). */
export const pageInfoSchema = z.object({
  size: z.number(),
  totalElements: z.number(),
  totalPages: z.number(),
  number: z.number(),
});

/** One page of a Pax8 list: `{ content, page }`. */
export interface Page<T> {
  readonly content: T[];
  readonly page: z.infer<typeof pageInfoSchema>;
}

/** Schema of one page of `item`. */
export function pageSchema<S extends z.ZodType>(item: S): z.ZodType<Page<z.output<S>>> {
  return z.object({ content: z.array(item), page: pageInfoSchema });
}

/** Schema of the non-paged lists (`provision-details`, `pricing`, `history`): `{ content }`. */
export function contentSchema<S extends z.ZodType>(item: S): z.ZodType<{ content: z.output<S>[] }> {
  return z.object({ content: z.array(item).nullish() }).transform((body) => ({ content: body.content ?? [] }));
}

/** Billing terms Pax8 knows for orders and subscriptions. */
export const billingTerms = ['Monthly', 'Annual', '2-Year', '3-Year', 'One-Time', 'Trial', 'Activation'] as const;
export type BillingTerm = (typeof billingTerms)[number];
