import { z } from 'zod';
import { badRequest, invalidValue, notFound } from '../graph-error.ts';
import { revokeSessions, writeUsers, type GraphContext, type GraphRouteDef } from '../graph-route-types.ts';
import { addUser } from '../microsoft-state.ts';
import { odataContext } from '../odata-query.ts';
import type { GraphUser } from '../tenant-model.ts';
import { requireUser, userEntity } from './user-read-routes.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const nullableText = (max: number) => z.string().max(max).nullable();

/** The user properties the sandbox lets a client write (Graph has more; these are the bot's). */
const userFields = {
  accountEnabled: z.boolean(),
  displayName: text(256),
  mailNickname: z.string().regex(/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]{1,64}$/),
  userPrincipalName: z.string().regex(/^[A-Za-z0-9'._!#^~-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/),
  passwordProfile: z.object({ password: z.string(), forceChangePasswordNextSignIn: z.boolean().optional(), forceChangePasswordNextSignInWithMfa: z.boolean().optional() }).strict(),
  usageLocation: z.string().regex(/^[A-Z]{2}$/).nullable(),
  givenName: nullableText(64),
  surname: nullableText(64),
  jobTitle: nullableText(128),
  department: nullableText(64),
  officeLocation: nullableText(128),
  mobilePhone: nullableText(64),
  preferredLanguage: nullableText(16),
  businessPhones: z.array(z.string().max(64)).max(1),
};
type UserFields = { [K in keyof typeof userFields]?: z.output<(typeof userFields)[K]> };

/**
 * Reads a user body the way Graph does: an unknown property is refused by name, a bad value is
 * `Invalid value specified for property 'x'`; annotations (`@odata.*`) are ignored.
 */
function parseUserBody(body: unknown): UserFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Empty Payload. JSON content expected.');
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata.')) continue;
    const schema = (userFields as Record<string, z.ZodType>)[key];
    if (!schema) throw badRequest(`Property '${key}' does not exist as a declared property or extension property.`);
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw invalidValue(key);
    result[key] = parsed.data;
  }
  return result;
}

/** Entra's rule: 8 to 256 characters, three of lower case, upper case, digits and symbols, not the user name. */
function assertPasswordComplexity(password: string, alias: string): void {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const containsName = alias.length >= 3 && password.toLowerCase().includes(alias.toLowerCase());
  if (password.length < 8 || password.length > 256 || classes < 3 || containsName) {
    throw badRequest('The specified password does not comply with password complexity requirements. Please provide a different password.');
  }
}

/** A UPN on a verified domain of the tenant that no other user has. */
function assertUpnAvailable(ctx: GraphContext, upn: string, self?: GraphUser): void {
  const domain = upn.slice(upn.lastIndexOf('@') + 1).toLowerCase();
  if (!ctx.tenant.domains.some((d) => d.name.toLowerCase() === domain)) {
    throw badRequest('The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.');
  }
  const holder = ctx.users.byUpn.get(upn.toLowerCase());
  if (holder && holder !== self) {
    const message = 'Another object with the same value for property userPrincipalName already exists.';
    throw badRequest(message, { details: [{ code: 'ObjectConflict', message, target: 'userPrincipalName' }] });
  }
}

/** `POST /users` → 201 with the new user; the password is checked and never kept. */
function createUser(ctx: GraphContext) {
  const input = parseUserBody(ctx.body);
  for (const required of ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile'] as const) {
    if (input[required] === undefined) throw invalidValue(required);
  }
  const { accountEnabled = true, displayName = '', mailNickname = '', userPrincipalName = '', passwordProfile } = input;
  assertUpnAvailable(ctx, userPrincipalName);
  assertPasswordComplexity(passwordProfile?.password ?? '', userPrincipalName.slice(0, userPrincipalName.indexOf('@')));
  const user: GraphUser = {
    id: ctx.ms.ids.uuid(), displayName, givenName: input.givenName ?? null, surname: input.surname ?? null, userPrincipalName, mailNickname, mail: null,
    accountEnabled, usageLocation: input.usageLocation ?? null, usageLocationSetAt: ctx.now, jobTitle: input.jobTitle ?? null, department: input.department ?? null,
    officeLocation: input.officeLocation ?? null, mobilePhone: input.mobilePhone ?? null, businessPhones: input.businessPhones ?? [], preferredLanguage: input.preferredLanguage ?? null,
    createdAt: ctx.now, signInSessionsValidFrom: ctx.now, licenses: [], groupLicenses: [],
  };
  addUser(ctx.users, user);
  return { status: 201, body: userEntity(ctx, user) };
}

/** `PATCH /users/{id}` → 204; everything is checked before anything changes. */
function updateUser(ctx: GraphContext) {
  const user = requireUser(ctx, ctx.params.id ?? '');
  const input = parseUserBody(ctx.body);
  if (input.userPrincipalName !== undefined) assertUpnAvailable(ctx, input.userPrincipalName, user);
  if (input.passwordProfile !== undefined) assertPasswordComplexity(input.passwordProfile.password, user.mailNickname);
  if (input.usageLocation === null && user.licenses.length + user.groupLicenses.length > 0) throw invalidValue('usageLocation');
  const { passwordProfile: _password, userPrincipalName, usageLocation, ...rest } = input;
  Object.assign(user, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
  if (usageLocation !== undefined && usageLocation !== user.usageLocation) {
    user.usageLocation = usageLocation;
    user.usageLocationSetAt = ctx.now;
  }
  if (userPrincipalName !== undefined && userPrincipalName !== user.userPrincipalName) {
    ctx.users.byUpn.delete(user.userPrincipalName.toLowerCase());
    user.userPrincipalName = userPrincipalName;
    ctx.users.byUpn.set(userPrincipalName.toLowerCase(), user);
  }
  return { status: 204 };
}

const referenceSchema = z.object({ '@odata.id': z.string().min(1) });

/** `PUT /users/{id}/manager/$ref` with `{"@odata.id": ".../users/{managerId}"}` → 204. */
function setManager(ctx: GraphContext) {
  const user = requireUser(ctx, ctx.params.id ?? '');
  const parsed = referenceSchema.safeParse(ctx.body);
  if (!parsed.success) throw badRequest("Invalid request body: expected {\"@odata.id\": \"https://graph.microsoft.com/v1.0/users/{id}\"}.");
  const managerId = /\/(?:users|directoryObjects)\/([^/?#]+)\/?$/i.exec(parsed.data['@odata.id'])?.[1];
  if (managerId === undefined) throw badRequest(`Invalid object identifier '${parsed.data['@odata.id']}'.`);
  const manager = ctx.users.byId.get(decodeURIComponent(managerId).toLowerCase()) ?? ctx.users.byUpn.get(decodeURIComponent(managerId).toLowerCase());
  if (!manager) throw notFound(decodeURIComponent(managerId));
  if (manager === user) throw badRequest('A user cannot be their own manager.');
  user.managerId = manager.id;
  return { status: 204 };
}

/** Writing users: create, update, set the manager, revoke sign-in sessions. */
export const userWriteRoutes: readonly GraphRouteDef[] = [
  { method: 'POST', pattern: '/users', permissions: writeUsers, handler: createUser },
  { method: 'PATCH', pattern: '/users/{id}', permissions: writeUsers, handler: updateUser },
  { method: 'PUT', pattern: '/users/{id}/manager/$ref', permissions: writeUsers, handler: setManager },
  {
    method: 'POST', pattern: '/users/{id}/revokeSignInSessions', permissions: revokeSessions,
    handler: (ctx) => {
      const user = requireUser(ctx, ctx.params.id ?? '');
      user.signInSessionsValidFrom = ctx.now;
      return { status: 200, body: { '@odata.context': odataContext(ctx.graphBase, 'Edm.Boolean'), value: true } };
    },
  },
];
