import { z } from 'zod';
import { guid, optionalText } from './common.ts';

/**
 * A user as Graph returns it. Only `id` is always there: `$select` decides the rest, and a created
 * user's answer leaves most fields `null`.
 */
export const userSchema = z.object({
  id: z.string().min(1),
  userPrincipalName: optionalText,
  displayName: optionalText,
  givenName: optionalText,
  surname: optionalText,
  mail: optionalText,
  jobTitle: optionalText,
  department: optionalText,
  accountEnabled: z.boolean().nullish(),
  usageLocation: optionalText,
  /** Sessions issued before this were revoked (`revokeSignInSessions`): how a revoke is settled by reading. */
  signInSessionsValidFromDateTime: optionalText,
  assignedLicenses: z.array(z.object({ skuId: z.string(), disabledPlans: z.array(z.string()).nullish() })).nullish(),
  /** Says which licences came from a group (`assignedByGroup`): those are removed through the group. */
  licenseAssignmentStates: z
    .array(z.object({ skuId: optionalText, assignedByGroup: optionalText, state: optionalText, error: optionalText }))
    .nullish(),
});
export type GraphUser = z.infer<typeof userSchema>;

/** A user id (GUID) or user principal name, as a path segment of `/users/{user}`. */
export const userRefSchema = z.string().trim().min(1, 'a user id or UPN is required').max(1024).regex(/^\S+$/, 'a user id or UPN has no spaces');

const upn = z
  .string()
  .trim()
  .max(113)
  .regex(/^[^@\s]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/, 'expected name@verified-domain');
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 two-letter country code such as US');
const name = z.string().trim().min(1).max(64);

/** The new user a caller asks for; see {@link newUserBodySchema}. */
export interface NewUser {
  readonly accountEnabled: boolean;
  readonly displayName: string;
  readonly mailNickname: string;
  readonly userPrincipalName: string;
  /** Needed before any licence can be assigned (GRAPH-NOTES), so always sent. */
  readonly usageLocation: string;
  readonly passwordProfile: { readonly password: string; readonly forceChangePasswordNextSignIn: boolean };
  readonly givenName?: string;
  readonly surname?: string;
  readonly jobTitle?: string;
  readonly department?: string;
}

/**
 * `POST /users`, strict: Graph's required fields plus `usageLocation`, and a few optional name and
 * job fields; anything else is refused before it is sent.
 */
export const newUserBodySchema = z.strictObject({
  accountEnabled: z.boolean(),
  displayName: z.string().trim().min(1).max(256),
  mailNickname: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+$/, 'letters, digits and . - _ only, no spaces or @'),
  userPrincipalName: upn,
  usageLocation: countryCode,
  passwordProfile: z.strictObject({ password: z.string().min(8).max(256), forceChangePasswordNextSignIn: z.boolean() }),
  givenName: name.optional(),
  surname: name.optional(),
  jobTitle: z.string().trim().min(1).max(128).optional(),
  department: z.string().trim().min(1).max(64).optional(),
});

/** `PATCH /users/{id}` that gives the user a new temporary password, to change at next sign-in. */
export const passwordResetBodySchema = z.strictObject({
  passwordProfile: z.strictObject({ password: z.string().min(8).max(256), forceChangePasswordNextSignIn: z.literal(true) }),
});

/** The changes `PATCH /users/{id}` may carry (block sign-in, set the usage location, names). */
export interface UserChanges {
  readonly accountEnabled?: boolean;
  readonly usageLocation?: string;
  readonly displayName?: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly jobTitle?: string;
  readonly department?: string;
}

/** `PATCH /users/{id}`, strict, with at least one change. */
export const userChangesBodySchema = z
  .strictObject({
    accountEnabled: z.boolean().optional(),
    usageLocation: countryCode.optional(),
    displayName: z.string().trim().min(1).max(256).optional(),
    givenName: name.optional(),
    surname: name.optional(),
    jobTitle: z.string().trim().min(1).max(128).optional(),
    department: z.string().trim().min(1).max(64).optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, { message: 'at least one change is required' });

/** `PUT /users/{id}/manager/$ref`: `{"@odata.id": "<graph base>/users/{managerId}"}`. */
export const managerRefBodySchema = z.strictObject({ '@odata.id': z.url() });

/** A manager's id for {@link managerRefBodySchema}: a GUID or a UPN. */
export const managerIdSchema = z.union([guid, upn]);

/** `POST /users/{id}/revokeSignInSessions` → `{"value": true}`. */
export const revokeSessionsResponseSchema = z.object({ value: z.boolean() });
