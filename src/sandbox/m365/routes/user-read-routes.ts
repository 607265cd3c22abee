import { badRequest, notFound, unsupportedQuery } from '../graph-error.ts';
import { readUsers, type GraphContext, type GraphRouteDef } from '../graph-route-types.ts';
import { defaultUserProperties, licenseDetailsWire, selectableUserProperties, userWire } from '../graph-wire.ts';
import { parseUserFilter } from '../odata-filter.ts';
import { allowOnly, nextLink, odataContext, parseCount, parseSelect, parseSkipToken, parseTop, project } from '../odata-query.ts';
import type { GraphUser } from '../tenant-model.ts';

const USER_TYPE = 'microsoft.graph.user';

/** A user of the token's tenant by object id or UPN (any case), or Graph's 404. */
export function requireUser(ctx: GraphContext, idOrUpn: string): GraphUser {
  const user = ctx.users.byId.get(idOrUpn.toLowerCase()) ?? ctx.users.byUpn.get(idOrUpn.toLowerCase());
  if (!user) throw notFound(idOrUpn);
  return user;
}

/** The default property set of a user, as `POST /users`, `assignLicense` and `GET /users/{id}` answer. */
export function userEntity(ctx: GraphContext, user: GraphUser, selected?: readonly string[]) {
  return { '@odata.context': odataContext(ctx.graphBase, 'users/$entity', selected), ...project(userWire(user), selected, defaultUserProperties) };
}

/**
 * `GET /users`: `$filter` (see odata-filter), `$select`, `$top` (≤ 999, default 100) with an
 * absolute `@odata.nextLink` per page, and `$count=true` which, like every advanced query, needs
 * `ConsistencyLevel: eventual`.
 */
function listUsers(ctx: GraphContext) {
  const { query } = ctx;
  allowOnly(query, ['$select', '$filter', '$top', '$count', '$skiptoken'], 'users');
  const selected = parseSelect(query, selectableUserProperties, USER_TYPE);
  const top = parseTop(query);
  const count = parseCount(query);
  if (count && !ctx.eventual) throw badRequest('$count is not currently supported. Send the header ConsistencyLevel: eventual with $count=true.');
  const rawFilter = query.get('$filter');
  const filter = rawFilter === null || rawFilter.trim() === '' ? undefined : parseUserFilter(rawFilter);
  if (filter?.advanced !== undefined && !(count && ctx.eventual)) {
    throw unsupportedQuery(`Operator '${filter.advanced}' is not supported because the required parameters might be missing. Try adding $count with a value of true and set the ConsistencyLevel header to eventual.`);
  }
  const matching = filter ? ctx.users.list.filter((u) => filter.test(u)) : ctx.users.list;
  const offset = parseSkipToken(query);
  const page = matching.slice(offset, offset + top);
  const more = offset + top < matching.length;
  return {
    status: 200,
    body: {
      '@odata.context': odataContext(ctx.graphBase, 'users', selected),
      ...(count ? { '@odata.count': matching.length } : {}),
      ...(more ? { '@odata.nextLink': nextLink(ctx.graphBase, ctx.path, query, offset + top) } : {}),
      value: page.map((u) => project(userWire(u), selected, defaultUserProperties)),
    },
  };
}

/** Reading users: list, one, their licences and their manager. */
export const userReadRoutes: readonly GraphRouteDef[] = [
  { method: 'GET', pattern: '/users', permissions: readUsers, handler: listUsers },
  {
    method: 'GET', pattern: '/users/{id}', permissions: readUsers,
    handler: (ctx) => {
      allowOnly(ctx.query, ['$select'], 'users');
      const user = requireUser(ctx, ctx.params.id ?? '');
      return { status: 200, body: userEntity(ctx, user, parseSelect(ctx.query, selectableUserProperties, USER_TYPE)) };
    },
  },
  {
    method: 'GET', pattern: '/users/{id}/licenseDetails', permissions: readUsers,
    handler: (ctx) => {
      const user = requireUser(ctx, ctx.params.id ?? '');
      return { status: 200, body: { '@odata.context': odataContext(ctx.graphBase, `users('${user.id}')/licenseDetails`), value: licenseDetailsWire(user) } };
    },
  },
  {
    method: 'GET', pattern: '/users/{id}/manager', permissions: readUsers,
    handler: (ctx) => {
      const user = requireUser(ctx, ctx.params.id ?? '');
      const manager = user.managerId === undefined ? undefined : ctx.users.byId.get(user.managerId);
      if (!manager) throw notFound('manager');
      return { status: 200, body: { '@odata.context': odataContext(ctx.graphBase, 'directoryObjects/$entity'), '@odata.type': '#microsoft.graph.user', ...project(userWire(manager), undefined, defaultUserProperties) } };
    },
  },
];
