/** A query value; `undefined` leaves the parameter out. */
export type QueryValue = string | number | boolean | undefined;

/**
 * `baseUrl` + a route template (`/users/{userId}/licenseDetails`) with each `{name}` replaced by its
 * parameter, percent-encoded (a UPN's `@`, a guest's `#EXT#`, a stray `/` stay inside their segment),
 * and the query percent-encoded (spaces as `%20`, which OData reads; `$` kept in OData names such as
 * `$filter`). A missing or empty parameter is a `RangeError` before anything is sent.
 */
export function buildUrl(
  baseUrl: string,
  route: string,
  params: Readonly<Record<string, string>> = {},
  query: Readonly<Record<string, QueryValue>> = {},
): string {
  const path = route.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') throw new RangeError(`missing path parameter ${name} for ${route}`);
    return encodeURIComponent(value);
  });
  const search = Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key).replace(/^%24/, '$')}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${baseUrl.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`;
}
