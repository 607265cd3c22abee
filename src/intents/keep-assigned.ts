/**
 * A seat reduction that must keep every assigned licence (`unused reduce`, a finding's Reduce):
 * checked here when it is asked for, and again by the `seats` kind when it runs, against the
 * tenant's numbers read then.
 */
import type { Subscription } from '../pax8/index.ts';
import { seats } from '../views/format.ts';
import { wireIds } from '../wire-ids.ts';
import { companyRefById } from './handlers/subscription-handlers.ts';
import { linkedTenant, microsoftOf } from './linked-tenant.ts';
import type { InAccount, IntentDeps } from './ports.ts';
import type { Resolved } from './resolve-company.ts';
import { errorView } from './view-helpers.ts';

/** The tenant and licence whose assigned seats a reduction keeps. */
export interface KeepAssigned {
  readonly tenantId: string;
  readonly skuId: string;
}

/**
 * Where the subscription's seats are assigned, after checking that removing `current - target`
 * leaves at least as many seats as the tenant assigns now; else the answer saying how far it may go.
 */
export async function keepAssignedSeats(deps: IntentDeps, sub: InAccount<Subscription>, current: number, target: number): Promise<Resolved<KeepAssigned>> {
  const name = sub.productName ?? sub.id;
  if (target > current) return { ok: false, view: errorView('bad_input', `Reduce only removes seats: ${name} has ${seats(current)}; use "seats" to add some.`, null) };
  const ms = microsoftOf(deps, wireIds.commands.unused);
  if (!ms.ok) return ms;
  if (!sub.companyId || !sub.vendorSkuId) return { ok: false, view: errorView('refused', `Pax8 does not say which Microsoft licence ${name} is, so the seats in use cannot be checked; use "seats" instead.`, null) };
  const company = await companyRefById(deps, sub.companyId, sub.account);
  const link = await linkedTenant(ms.value, { id: sub.companyId, name: company?.name ?? sub.companyId, account: sub.account }, wireIds.commands.unused);
  if (!link.ok) return link;
  const skuId = sub.vendorSkuId.toLowerCase();
  const sku = (await ms.value.graph(link.value.tenantId).subscribedSkus()).find((s) => s.skuId.toLowerCase() === skuId);
  const free = sku ? sku.prepaidUnits.enabled - sku.consumedUnits : 0;
  const removing = current - target;
  if (removing > free) {
    const lowest = current - Math.max(0, free);
    return {
      ok: false,
      view: errorView(
        'refused',
        `The tenant assigns ${seats(sku?.consumedUnits ?? 0)} of ${name} and has ${seats(Math.max(0, free))} free: going to ${seats(target)} would take licences from people. ${lowest < current ? `It can go down to ${seats(lowest)}.` : 'No seat is free to remove.'}`,
        null,
      ),
    };
  }
  return { ok: true, value: { tenantId: link.value.tenantId, skuId } };
}
