import type { Subscription, SubscriptionStatus } from '../model.ts';
import { createPrng, hashSeed } from '../prng.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { stateAt } from '../seed/billing.ts';
import { skuById, type SkuInfo } from '../seed/microsoft-skus.ts';
import { addMonthsUtc, DAY_MS } from '../wire-dates.ts';
import type { ElsewhereSubscription, GraphUser, Tenant } from './tenant-model.ts';

export type CommerceStatus = 'Enabled' | 'Warning' | 'Suspended' | 'LockedOut' | 'Deleted';

/** One commerce subscription as the tenant sees it (`GET /directory/subscriptions`). */
export interface CommerceSubscription {
  /** The directory object id (`companySubscription.id`, listed in `subscribedSkus.subscriptionIds`). */
  id: string;
  commerceSubscriptionId: string;
  skuId: string;
  status: CommerceStatus;
  units: number;
  isTrial: boolean;
  createdAt: number;
  nextLifecycleAt?: number;
  /** The Pax8 subscription behind it; absent for one bought elsewhere. */
  pax8SubscriptionId?: string;
}

/** A lapsed subscription's seats stay in `warning` this long, then `suspended` (Microsoft's grace and disabled periods). */
export const GRACE_MS = 30 * DAY_MS;
export const DISABLED_MS = 90 * DAY_MS;

/** Pax8 statuses before Microsoft provisioned anything: the tenant has no subscription yet. */
const notProvisioned = new Set<SubscriptionStatus>(['PendingManual', 'PendingAutomated', 'WaitingForDetails', 'PendingActivation']);

function afterEnd(reason: 'cancelled' | 'lapsed', endedAt: number, at: number): Pick<CommerceSubscription, 'status' | 'nextLifecycleAt'> {
  const suspendedFrom = reason === 'lapsed' ? endedAt + GRACE_MS : endedAt;
  if (at < suspendedFrom) return { status: 'Warning', nextLifecycleAt: suspendedFrom };
  if (at < suspendedFrom + DISABLED_MS) return { status: 'Suspended', nextLifecycleAt: suspendedFrom + DISABLED_MS };
  return { status: 'Deleted' };
}

/** The directory object id of a commerce subscription: stable, distinct from the commerce id. */
export function directoryObjectId(commerceSubscriptionId: string): string {
  return createPrng(hashSeed('directory-subscription', commerceSubscriptionId)).uuid();
}

/** A Pax8 subscription as Microsoft has it at `at`: its state then, mapped to Graph's lifecycle. */
function fromPax8(sub: Subscription, skuId: string, commerceSubscriptionId: string, at: number): CommerceSubscription | undefined {
  const state = stateAt(sub, at);
  if (!state || notProvisioned.has(state.status)) return undefined;
  const provisioned = sub.history.find((h) => !notProvisioned.has(h.status)) ?? state;
  const base = { id: directoryObjectId(commerceSubscriptionId), commerceSubscriptionId, skuId, units: state.quantity, createdAt: provisioned.at, pax8SubscriptionId: sub.id };
  if (state.status === 'Cancelled') return { ...base, isTrial: false, ...afterEnd('cancelled', state.at, at) };
  if (state.status === 'Trial') {
    if (state.endAt !== undefined && at >= state.endAt) return { ...base, isTrial: true, ...afterEnd('lapsed', state.endAt, at) };
    return { ...base, isTrial: true, status: 'Enabled', ...(state.endAt !== undefined ? { nextLifecycleAt: state.endAt } : {}) };
  }
  return { ...base, isTrial: false, status: 'Enabled', ...(state.endAt !== undefined ? { nextLifecycleAt: state.endAt } : {}) };
}

function fromElsewhere(e: ElsewhereSubscription, at: number): CommerceSubscription | undefined {
  if (e.createdAt > at) return undefined;
  const base = { id: directoryObjectId(e.commerceSubscriptionId), commerceSubscriptionId: e.commerceSubscriptionId, skuId: e.skuId, units: e.quantity, createdAt: e.createdAt, isTrial: e.isTrial };
  if (e.lapsedAt !== undefined && at >= e.lapsedAt) return { ...base, ...afterEnd('lapsed', e.lapsedAt, at) };
  let renewal = addMonthsUtc(e.createdAt, e.termMonths);
  while (renewal <= at) renewal = addMonthsUtc(renewal, e.termMonths);
  return { ...base, status: 'Enabled', nextLifecycleAt: e.lapsedAt ?? renewal };
}

/**
 * Every commerce subscription of the tenant as Microsoft shows it at `at`: the company's Pax8
 * subscriptions of Microsoft licences (linked by `vendorSubscriptionId` = `commerceSubscriptionId`)
 * and those bought elsewhere. Callers pass the current time minus the provisioning delay, so a Pax8
 * purchase, seat change or cancellation reaches the tenant only after it.
 */
export function commerceSubscriptions(tenant: Tenant, data: SandboxData, at: number): CommerceSubscription[] {
  const result: CommerceSubscription[] = [];
  for (const sub of data.subscriptionsByCompany.get(tenant.companyId) ?? []) {
    const skuId = data.productsById.get(sub.productId)?.skuGuid;
    if (skuId === undefined || sub.vendorSubscriptionId === undefined) continue;
    const view = fromPax8(sub, skuId, sub.vendorSubscriptionId, at);
    if (view) result.push(view);
  }
  for (const e of tenant.elsewhere) {
    const view = fromElsewhere(e, at);
    if (view) result.push(view);
  }
  return result;
}

/** One entry of `subscribedSkus`: every subscription of the SKU pooled, and who holds it. */
export interface TenantSku {
  sku: SkuInfo;
  subscriptions: CommerceSubscription[];
  prepaid: { enabled: number; warning: number; suspended: number; lockedOut: number };
  consumedUnits: number;
  capabilityStatus: CommerceStatus;
}

/** Whether the user holds the SKU, directly or through a group. */
export function holdsSku(user: GraphUser, skuId: string): boolean {
  return user.licenses.some((l) => l.skuId === skuId) || user.groupLicenses.some((l) => l.skuId === skuId);
}

const unknownSku = (skuId: string): SkuInfo => ({ skuId, skuPartNumber: skuId, displayName: skuId, servicePlans: [] });

/**
 * Pools the commerce subscriptions by SKU: `prepaidUnits` sums the units in each state,
 * `consumedUnits` counts the users holding the SKU (disabled users too). A SKU whose subscriptions
 * are all deleted is listed only while users still hold it.
 */
export function tenantSkus(subscriptions: readonly CommerceSubscription[], users: readonly GraphUser[]): TenantSku[] {
  const bySku = new Map<string, CommerceSubscription[]>();
  for (const sub of subscriptions) bySku.set(sub.skuId, [...(bySku.get(sub.skuId) ?? []), sub]);
  for (const user of users) {
    for (const skuId of [...user.licenses, ...user.groupLicenses].map((l) => l.skuId)) if (!bySku.has(skuId)) bySku.set(skuId, []);
  }
  const result: TenantSku[] = [];
  for (const [skuId, subs] of bySku) {
    const prepaid = { enabled: 0, warning: 0, suspended: 0, lockedOut: 0 };
    for (const s of subs) {
      if (s.status === 'Enabled') prepaid.enabled += s.units;
      else if (s.status === 'Warning') prepaid.warning += s.units;
      else if (s.status === 'Suspended') prepaid.suspended += s.units;
      else if (s.status === 'LockedOut') prepaid.lockedOut += s.units;
    }
    const consumedUnits = users.filter((u) => holdsSku(u, skuId)).length;
    const live = subs.filter((s) => s.status !== 'Deleted');
    if (live.length === 0 && consumedUnits === 0) continue;
    const capabilityStatus: CommerceStatus = prepaid.enabled > 0 ? 'Enabled' : prepaid.warning > 0 ? 'Warning' : prepaid.suspended > 0 ? 'Suspended' : prepaid.lockedOut > 0 ? 'LockedOut' : 'Deleted';
    result.push({ sku: skuById(skuId) ?? unknownSku(skuId), subscriptions: live, prepaid, consumedUnits, capabilityStatus });
  }
  return result;
}
