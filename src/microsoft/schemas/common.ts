import { z } from 'zod';

/** A text field Graph may leave out, send as `null`, or drop under `$select`. */
export const optionalText = z.string().nullish();

/** A Graph object id or SKU id: a GUID (8-4-4-4-12 hex), in any case. */
export const guid = z.guid();

/**
 * A Graph collection: `{ value: [...], "@odata.nextLink"?: "<absolute URL of the next page>" }`
 * (https://learn.microsoft.com/graph/paging). Unknown fields (`@odata.context`, `@odata.count`) are
 * allowed and dropped.
 */
export function collectionSchema<S extends z.ZodType>(item: S) {
  return z.object({
    value: z.array(item),
    '@odata.nextLink': z.string().min(1).nullish(),
  });
}

/** One page of a collection of `T`. */
export interface Collection<T> {
  readonly value: T[];
  readonly '@odata.nextLink'?: string | null | undefined;
}

/**
 * Quotes a value for an OData `$filter` (`userPrincipalName eq ${odataString(upn)}`): single quotes
 * around it and each quote inside doubled, so `o'neil@contoso.com` cannot end the string early.
 */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const domainPattern = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * A customer tenant as the bot names it: its id (a GUID) or one of its domains
 * (`contoso.onmicrosoft.com`), lower-cased. `common`, `organizations` and anything that is not an id
 * or a domain name are refused: app-only tokens are issued for one named tenant.
 */
export const tenantRefSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => guidPattern.test(value) || domainPattern.test(value), { message: 'expected a tenant id (GUID) or a domain such as contoso.onmicrosoft.com' });

/** The tenant id in an issuer such as `https://login.microsoftonline.com/{tenantId}/v2.0`; `undefined` when none. */
export function tenantIdFromIssuer(issuer: string): string | undefined {
  let path: string;
  try {
    path = new URL(issuer).pathname;
  } catch {
    return undefined;
  }
  return path
    .split('/')
    .map((segment) => segment.toLowerCase())
    .find((segment) => guidPattern.test(segment));
}
