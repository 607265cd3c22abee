import type { GraphErrorBody } from './schemas/error.ts';

/** What a Graph refusal means for the caller, decided on Graph's `code` (see {@link graphErrorReason}). */
export type GraphErrorReason =
  | 'not_found'
  | 'permission_denied'
  | 'unauthorized'
  | 'no_free_license'
  | 'invalid_usage_location'
  | 'mutually_exclusive_plans'
  | 'missing_dependent_plan'
  | 'upn_taken'
  | 'weak_password'
  | 'bad_request'
  | 'conflict'
  | 'unavailable'
  | 'other';

/**
 * Refusals Graph reports with the generic `Request_BadRequest` and only its message tells apart
 * (GRAPH-NOTES "Errors"): the one place the message text decides, and only for that code.
 */
const badRequestMessages: readonly [RegExp, GraphErrorReason][] = [
  [/does not have any available licenses/i, 'no_free_license'],
  [/invalid usage location/i, 'invalid_usage_location'],
  [/are mutually exclusive/i, 'mutually_exclusive_plans'],
  [/depends on the service plan/i, 'missing_dependent_plan'],
  [/same value for property userPrincipalName/i, 'upn_taken'],
  [/password complexity/i, 'weak_password'],
];

/** Decides a refusal's reason on the status and Graph's `code`, `innerError.code` and `details[].code`. */
export function graphErrorReason(status: number, body: GraphErrorBody | undefined): GraphErrorReason {
  const codes = [body?.code, body?.innerCode].filter((code): code is string => code !== undefined);
  if (status === 404 || codes.some((code) => /^(Request_)?ResourceNotFound$/i.test(code))) return 'not_found';
  if (status === 401) return 'unauthorized';
  if (status === 403 || codes.includes('Authorization_RequestDenied')) return 'permission_denied';
  if (body?.details.some((detail) => detail.code === 'ObjectConflict' && detail.target === 'userPrincipalName')) return 'upn_taken';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'unavailable';
  if (body?.code === 'Request_BadRequest') return badRequestMessages.find(([pattern]) => pattern.test(body.message))?.[1] ?? 'bad_request';
  return status === 400 ? 'bad_request' : 'other';
}

/** What a caller can do about each reason, shown after Graph's own words. */
const hints: Readonly<Record<GraphErrorReason, string>> = {
  not_found: '',
  permission_denied: "the app lacks the Graph application permission this needs, or the tenant's admin consent for it",
  unauthorized: "Graph refused the app's token; check the app registration",
  no_free_license: 'no free seat of that licence in the tenant: buy one or free one first',
  invalid_usage_location: "set the user's usage location first (a new value can take a moment to apply)",
  mutually_exclusive_plans: 'the licence conflicts with one the user holds: remove that one or disable the conflicting plans',
  missing_dependent_plan: 'the licence needs a prerequisite licence assigned first',
  upn_taken: 'a user with that UPN exists already: look it up instead of creating it',
  weak_password: "the password does not meet the tenant's complexity rules",
  bad_request: '',
  conflict: '',
  unavailable: 'Microsoft is having trouble; try again in a few minutes',
  other: '',
};

/** What a caller can do about a refusal of that reason; empty when Graph's own words say enough. */
export function graphErrorHint(reason: GraphErrorReason): string {
  return hints[reason];
}
