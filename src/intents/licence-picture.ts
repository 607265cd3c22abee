/**
 * One company's Microsoft 365 licences seen from both sides: what the tenant has (`subscribedSkus`,
 * pooled per SKU, and `directory/subscriptions`, one per commerce subscription) and what Pax8 sells
 * it (subscriptions, linked to the tenant by `vendorSkuId` = Graph `skuId` and `vendorSubscriptionId`
 * = Graph `commerceSubscriptionId`). The arithmetic lives here, and only here: `licenses` shows it,
 * and onboarding and the unused-licence findings read it.
 */
import { skuDisplayName } from '../microsoft/sku-names.ts';
import { holdsSeats } from '../pax8/index.ts';

/** A tenant SKU as Graph reports it (the fields this needs). */
export interface TenantSku {
  readonly skuId: string;
  readonly skuPartNumber: string;
  readonly consumedUnits: number;
  readonly prepaidUnits: { readonly enabled: number; readonly warning: number; readonly suspended: number; readonly lockedOut: number };
  readonly capabilityStatus: string;
}

/** A commerce subscription of the tenant (the fields this needs). */
export interface TenantSubscription {
  readonly commerceSubscriptionId?: string | null | undefined;
  readonly skuId: string;
  readonly totalLicenses: number;
  readonly status: string;
}

/** A Pax8 subscription of the company, with the Microsoft ids of its single GET. */
export interface Pax8Licence {
  readonly id: string;
  readonly productName: string;
  readonly quantity: number | null;
  readonly status: string | null;
  readonly billingTerm: string | null;
  readonly commitmentTerm: string | null;
  readonly commitmentEndDate: string | null;
  readonly vendorSkuId: string | null;
  readonly vendorSubscriptionId: string | null;
}

/** Seats of one SKU in the tenant. `free` = enabled − consumed, negative when more are in use than enabled. */
export interface TenantSeats {
  readonly enabled: number;
  readonly consumed: number;
  readonly free: number;
  readonly warning: number;
  readonly suspended: number;
  readonly lockedOut: number;
  readonly status: string;
  /** Enabled units of commerce subscriptions no Pax8 subscription of this company explains. */
  readonly elsewhere: number;
}

/** One licence (SKU) of the company, both sides side by side. */
export interface LicenceLine {
  readonly skuId: string;
  readonly name: string;
  readonly partNumber: string | null;
  /** Null when the tenant does not have the SKU (yet: a purchase may still be provisioning). */
  readonly tenant: TenantSeats | null;
  /** Pax8 subscriptions of this SKU that hold seats (see `holdsSeats`), largest first. */
  readonly pax8: readonly Pax8Licence[];
  /** Seats of those subscriptions. */
  readonly pax8Seats: number;
  /** Said when Pax8's seats and the tenant's enabled units (from Pax8) disagree; null when they agree. */
  readonly mismatch: string | null;
  /** `pax8`: only Pax8 explains it; `elsewhere`: no Pax8 subscription; `both`: some units come from elsewhere too. */
  readonly source: 'pax8' | 'elsewhere' | 'both';
}

/** The whole picture; Pax8 subscriptions whose SKU the tenant does not know have no line and are listed apart. */
export interface LicencePicture {
  readonly lines: readonly LicenceLine[];
  /** Pax8 subscriptions holding seats without a `vendorSkuId` (Pax8 did not say which SKU they are). */
  readonly unlinked: readonly Pax8Licence[];
}


/** Units a commerce subscription contributes to `prepaidUnits.enabled` now. */
const enabledUnits = (d: TenantSubscription): number => (d.status.toLowerCase() === 'enabled' ? d.totalLicenses : 0);

/**
 * Builds the picture. `subscriptions` may be empty when the tenant's commerce subscriptions could not
 * be read: units bought elsewhere are then not told apart, and a mismatch compares with all enabled units.
 */
export function licencePicture(input: {
  readonly skus: readonly TenantSku[];
  readonly subscriptions: readonly TenantSubscription[];
  readonly pax8: readonly Pax8Licence[];
}): LicencePicture {
  const billed = input.pax8.filter(holdsSeats);
  const bySku = new Map<string, Pax8Licence[]>();
  for (const s of billed) {
    if (!s.vendorSkuId) continue;
    const key = s.vendorSkuId.toLowerCase();
    bySku.set(key, [...(bySku.get(key) ?? []), s]);
  }
  const pax8CommerceIds = new Set(input.pax8.flatMap((s) => (s.vendorSubscriptionId ? [s.vendorSubscriptionId.toLowerCase()] : [])));
  const skuIds = new Set([...input.skus.map((s) => s.skuId.toLowerCase()), ...bySku.keys()]);
  const lines = [...skuIds].map((skuId): LicenceLine => {
    const sku = input.skus.find((s) => s.skuId.toLowerCase() === skuId);
    const pax8 = [...(bySku.get(skuId) ?? [])].sort((a, b) => (b.quantity ?? 0) - (a.quantity ?? 0));
    const pax8Seats = pax8.reduce((sum, s) => sum + (s.quantity ?? 0), 0);
    const commerce = input.subscriptions.filter((d) => d.skuId.toLowerCase() === skuId);
    const elsewhere = commerce.filter((d) => !d.commerceSubscriptionId || !pax8CommerceIds.has(d.commerceSubscriptionId.toLowerCase())).reduce((sum, d) => sum + enabledUnits(d), 0);
    const tenant: TenantSeats | null = sku
      ? {
          enabled: sku.prepaidUnits.enabled,
          consumed: sku.consumedUnits,
          free: sku.prepaidUnits.enabled - sku.consumedUnits,
          warning: sku.prepaidUnits.warning,
          suspended: sku.prepaidUnits.suspended,
          lockedOut: sku.prepaidUnits.lockedOut,
          status: sku.capabilityStatus,
          elsewhere,
        }
      : null;
    const source = pax8.length === 0 ? 'elsewhere' : elsewhere > 0 ? 'both' : 'pax8';
    return {
      skuId: sku?.skuId ?? pax8[0]?.vendorSkuId ?? skuId,
      name: skuDisplayName({ skuId, skuPartNumber: sku?.skuPartNumber }),
      partNumber: sku?.skuPartNumber ?? null,
      tenant,
      pax8,
      pax8Seats,
      mismatch: mismatchOf(tenant, pax8Seats, pax8.length > 0),
      source,
    };
  });
  lines.sort((a, b) => a.name.localeCompare(b.name));
  const unlinked = billed.filter((s) => !s.vendorSkuId);
  return { lines, unlinked };
}

/** The one sentence that says Pax8 and the tenant disagree, and what that usually means. */
function mismatchOf(tenant: TenantSeats | null, pax8Seats: number, fromPax8: boolean): string | null {
  if (!fromPax8) return null;
  if (!tenant) return `Pax8 bills ${pax8Seats} ${pax8Seats === 1 ? 'seat' : 'seats'} the tenant does not show yet (a new purchase takes minutes to reach Microsoft)`;
  const fromPax8Units = tenant.enabled - tenant.elsewhere;
  if (fromPax8Units === pax8Seats) return null;
  const seats = (n: number) => `${n} ${n === 1 ? 'seat' : 'seats'}`;
  return fromPax8Units < pax8Seats
    ? `Pax8 bills ${seats(pax8Seats)}; the tenant has ${fromPax8Units} enabled from them (a change may still be reaching Microsoft)`
    : `The tenant has ${fromPax8Units} enabled from Pax8 subscriptions; Pax8 bills ${seats(pax8Seats)} (a reduction may still be reaching Microsoft)`;
}
