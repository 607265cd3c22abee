import { z } from 'zod';
import { parseTenantRef, tenantRefHint } from '../tenant-ref.ts';

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

/**
 * A customer tenant as the bot names it: its id or one of its domains, read by `parseTenantRef` (the
 * one place that tells them apart) and lower-cased. `common`, `organizations` and anything that is
 * not an id or a domain name are refused: app-only tokens are issued for one named tenant.
 */
export const tenantRefSchema = z.string().transform((text, ctx) => {
  const ref = parseTenantRef(text);
  if (ref) return ref.kind === 'id' ? ref.tenantId : ref.domain;
  ctx.addIssue({ code: 'custom', message: `expected ${tenantRefHint}` });
  return z.NEVER;
});

/** The tenant id in an issuer such as `https://login.microsoftonline.com/{tenantId}/v2.0`; `undefined` when none. */
export function tenantIdFromIssuer(issuer: string): string | undefined {
  let path: string;
  try {
    path = new URL(issuer).pathname;
  } catch {
    return undefined;
  }
  for (const segment of path.split('/')) {
    const ref = parseTenantRef(segment);
    if (ref?.kind === 'id') return ref.tenantId;
  }
  return undefined;
}
