/**
 * How an admin names a customer's Microsoft 365 tenant — in `tenant <company> …` and in the config
 * file's `microsoft.tenants` — and the one place that tells an id from a domain.
 */

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const domain = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** A tenant named by its id (a GUID, kept lower-case) or by one of its domains (lower-case). */
export type TenantRef = { readonly kind: 'id'; readonly tenantId: string } | { readonly kind: 'domain'; readonly domain: string };

/** Reads what was typed, or undefined when it is neither a tenant id nor a domain. */
export function parseTenantRef(text: string): TenantRef | undefined {
  const t = text.trim();
  if (guid.test(t)) return { kind: 'id', tenantId: t.toLowerCase() };
  if (domain.test(t)) return { kind: 'domain', domain: t.toLowerCase() };
  return undefined;
}

/** What `parseTenantRef` accepts, said to a person. */
export const tenantRefHint = 'a tenant id (a GUID such as 6f1c2d3e-…) or one of its domains, such as contoso.onmicrosoft.com';
