import { z } from 'zod';
import { strictBody } from '../../http/strict-body.ts';
import { collect } from '../../util/collect.ts';
import { GraphHttpError } from '../errors.ts';
import { listAll, type GraphContext } from '../paginate.ts';
import { buildAssignLicenseBody, licenseDetailSchema, type LicenseChange, type LicenseDetail } from '../schemas/licensing.ts';
import {
  managerIdSchema,
  managerRefBodySchema,
  newUserBodySchema,
  passwordResetBodySchema,
  revokeSessionsResponseSchema,
  userChangesBodySchema,
  userRefSchema,
  userSchema,
  type GraphUser,
  type NewUser,
  type UserChanges,
} from '../schemas/user.ts';

/** Which properties to read (`$select`); Graph returns a default set without it. */
export interface UserReadOptions {
  readonly select?: readonly string[];
}

/** A users list: `GET /users?$filter=…&$select=…&$top=…`. */
export interface UserListOptions extends UserReadOptions {
  /** An OData `$filter`; quote values with `odataString` (`userPrincipalName eq ${odataString(upn)}`). */
  readonly filter?: string;
  /** Page size, 1 to 999 (Graph's default is 100). */
  readonly top?: number;
  /** Advanced query (`$count=true` with `ConsistencyLevel: eventual`), which counting filters need. */
  readonly advanced?: boolean;
}

/** `/users` of one tenant. `user` is the user's id or UPN everywhere (path-encoded). */
export interface UsersResource {
  /** The user; `GraphHttpError` with reason `not_found` when there is none. */
  get(user: string, options?: UserReadOptions): Promise<GraphUser>;
  /** The user, or `undefined` when there is none: how a lost `create` is settled (find it by UPN). */
  find(user: string, options?: UserReadOptions): Promise<GraphUser | undefined>;
  /** Every user matching the filter, following `@odata.nextLink`. */
  list(options?: UserListOptions): AsyncIterable<GraphUser>;
  /**
   * Creates the user (`POST /users`), sent once. A lost answer is `GraphOutcomeUnknownError`: find
   * the user by UPN before anything else. The password never reaches an error or a log.
   */
  create(user: NewUser): Promise<GraphUser>;
  /** `PATCH /users/{user}`: block sign-in (`accountEnabled: false`), set the usage location, names. */
  update(user: string, changes: UserChanges): Promise<void>;
  /**
   * `PATCH /users/{user}` with a new `passwordProfile` (changed at next sign-in): sent once; the
   * password never reaches an error or a log. A lost answer cannot be settled by reading (Graph
   * never shows a password): whoever asked decides whether to send another.
   */
  resetPassword(user: string, password: string): Promise<void>;
  /** `PUT /users/{user}/manager/$ref`. */
  setManager(user: string, managerId: string): Promise<void>;
  /** `GET /users/{user}/manager`: the manager, or `undefined` when none is set. */
  manager(user: string): Promise<GraphUser | undefined>;
  /** `POST /users/{user}/revokeSignInSessions`: signs the user out everywhere (takes minutes to reach every app). */
  revokeSessions(user: string): Promise<boolean>;
  /**
   * `POST /users/{user}/assignLicense` with both `addLicenses` and `removeLicenses` (Graph needs both).
   * Refusals come back as `GraphHttpError` with reason `no_free_license`, `invalid_usage_location`,
   * `mutually_exclusive_plans` or `missing_dependent_plan`; a lost answer is settled with `licenseDetails`.
   * `invalid_usage_location` right after the usage location was set can be replication still under
   * way: a refusal changed nothing, so the caller may try again shortly.
   */
  assignLicense(user: string, change: LicenseChange): Promise<GraphUser>;
  /** The licences the user holds, direct and group-inherited. */
  licenseDetails(user: string): Promise<LicenseDetail[]>;
}

const propertyName = z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'expected a property name such as userPrincipalName');
const readOptionsSchema = z.strictObject({ select: z.array(propertyName).min(1).optional() });
const listOptionsSchema = readOptionsSchema.extend({
  filter: z.string().trim().min(1).max(4000).optional(),
  top: z.number().int().min(1).max(999).optional(),
  advanced: z.boolean().optional(),
});

export function createUsersResource(ctx: GraphContext): UsersResource {
  const ref = (user: string): Record<string, string> => ({ user: strictBody('user id or UPN', () => userRefSchema.parse(user)) });
  const selectQuery = (options: UserReadOptions | undefined) => {
    const checked = strictBody('user read options', () => readOptionsSchema.parse(options ?? {}));
    return { $select: checked.select?.join(',') };
  };

  const get: UsersResource['get'] = async (user, options) =>
    ctx.request({ method: 'GET', route: '/users/{user}', params: ref(user), query: selectQuery(options), schema: userSchema, kind: 'read' });

  return {
    get,
    find: async (user, options) => {
      try {
        return await get(user, options);
      } catch (error) {
        if (error instanceof GraphHttpError && error.reason === 'not_found') return undefined;
        throw error;
      }
    },
    list: async function* (options) {
      const checked = strictBody('user list options', () => listOptionsSchema.parse(options ?? {}));
      yield* listAll(ctx, userSchema, {
        route: '/users',
        query: { $filter: checked.filter, $select: checked.select?.join(','), $top: checked.top, $count: checked.advanced ? 'true' : undefined },
        ...(checked.advanced ? { headers: { ConsistencyLevel: 'eventual' } } : {}),
      });
    },
    create: async (user) => {
      const body = strictBody('new user', () => newUserBodySchema.parse(user));
      return ctx.request({ method: 'POST', route: '/users', body, schema: userSchema, kind: 'write', secrets: [body.passwordProfile.password] });
    },
    update: async (user, changes) => {
      const params = ref(user);
      const body = strictBody('user changes', () => userChangesBodySchema.parse(changes));
      await ctx.request({ method: 'PATCH', route: '/users/{user}', params, body, schema: null, kind: 'write' });
    },
    resetPassword: async (user, password) => {
      const params = ref(user);
      const body = strictBody('new password', () => passwordResetBodySchema.parse({ passwordProfile: { password, forceChangePasswordNextSignIn: true } }));
      await ctx.request({ method: 'PATCH', route: '/users/{user}', params, body, schema: null, kind: 'write', secrets: [password] });
    },
    manager: async (user) => {
      try {
        return await ctx.request({ method: 'GET', route: '/users/{user}/manager', params: ref(user), schema: userSchema, kind: 'read' });
      } catch (error) {
        if (error instanceof GraphHttpError && error.reason === 'not_found') return undefined;
        throw error;
      }
    },
    setManager: async (user, managerId) => {
      const params = ref(user);
      const manager = strictBody('manager', () => managerIdSchema.parse(managerId));
      const body = managerRefBodySchema.parse({ '@odata.id': `${ctx.graphBaseUrl.replace(/\/+$/, '')}/users/${encodeURIComponent(manager)}` });
      await ctx.request({ method: 'PUT', route: '/users/{user}/manager/$ref', params, body, schema: null, kind: 'write' });
    },
    revokeSessions: async (user) =>
      (await ctx.request({ method: 'POST', route: '/users/{user}/revokeSignInSessions', params: ref(user), schema: revokeSessionsResponseSchema, kind: 'write' })).value,
    assignLicense: async (user, change) => {
      const params = ref(user);
      const body = strictBody('licence change', () => buildAssignLicenseBody(change));
      return ctx.request({ method: 'POST', route: '/users/{user}/assignLicense', params, body, schema: userSchema, kind: 'write' });
    },
    licenseDetails: async (user) => collect(listAll(ctx, licenseDetailSchema, { route: '/users/{user}/licenseDetails', params: ref(user) })),
  };
}
