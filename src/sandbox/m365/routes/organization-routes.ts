import { commerceSubscriptions, tenantSkus } from '../commerce-view.ts';
import { notFound } from '../graph-error.ts';
import { readOrganization, type GraphContext, type GraphRouteDef } from '../graph-route-types.ts';
import { companySubscriptionWire, organizationWire, subscribedSkuWire } from '../graph-wire.ts';
import { companyOfTenant } from '../microsoft-state.ts';
import { allowOnly, odataContext, parseSelect, project } from '../odata-query.ts';

/** `{ "@odata.context", value }` with `$select` applied to every entry (the only option these support). */
function list(ctx: GraphContext, entitySet: string, typeName: string, entries: readonly Record<string, unknown>[]) {
  allowOnly(ctx.query, ['$select'], entitySet);
  const keys = Object.keys(entries[0] ?? {});
  const selected = entries.length === 0 ? undefined : parseSelect(ctx.query, keys, typeName);
  return { status: 200, body: { '@odata.context': odataContext(ctx.graphBase, entitySet, selected), value: entries.map((e) => project(e, selected, keys)) } };
}

const skus = (ctx: GraphContext) => tenantSkus(commerceSubscriptions(ctx.tenant, ctx.account.data, ctx.seenAt), ctx.users.list);

/** `GET /organization`, `GET /subscribedSkus[/{id}]` and `GET /directory/subscriptions`, read with `Organization.Read.All`. */
export const organizationRoutes: readonly GraphRouteDef[] = [
  {
    method: 'GET', pattern: '/organization', permissions: readOrganization,
    handler: (ctx) => list(ctx, 'organization', 'microsoft.graph.organization', [organizationWire(ctx.tenant, companyOfTenant(ctx.account, ctx.tenant)?.address)]),
  },
  {
    method: 'GET', pattern: '/subscribedSkus', permissions: readOrganization,
    handler: (ctx) => list(ctx, 'subscribedSkus', 'microsoft.graph.subscribedSku', skus(ctx).map((entry) => subscribedSkuWire(ctx.tenant, entry))),
  },
  {
    method: 'GET', pattern: '/subscribedSkus/{id}', permissions: readOrganization,
    handler: (ctx) => {
      allowOnly(ctx.query, ['$select'], 'subscribedSkus');
      const entry = skus(ctx).find((s) => `${ctx.tenant.id}_${s.sku.skuId}` === (ctx.params.id ?? '').toLowerCase());
      if (!entry) throw notFound(ctx.params.id ?? '');
      const wire = subscribedSkuWire(ctx.tenant, entry);
      const selected = parseSelect(ctx.query, Object.keys(wire), 'microsoft.graph.subscribedSku');
      return { status: 200, body: { '@odata.context': odataContext(ctx.graphBase, 'subscribedSkus/$entity'), ...project(wire, selected, Object.keys(wire)) } };
    },
  },
  {
    method: 'GET', pattern: '/directory/subscriptions', permissions: readOrganization,
    handler: (ctx) => {
      const subs = commerceSubscriptions(ctx.tenant, ctx.account.data, ctx.seenAt).filter((s) => s.status !== 'Deleted');
      return list(ctx, 'directory/subscriptions', 'microsoft.graph.companySubscription', subs.map((s) => companySubscriptionWire(ctx.tenant, s)));
    },
  },
];
