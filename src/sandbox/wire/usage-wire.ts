import type { UsageSummary } from '../model.ts';
import { cents, createPrng, firstFloat, hashSeed } from '../prng.ts';
import { dateOnly } from '../wire-dates.ts';
import type { WireObject } from './wire-types.ts';

const meters: readonly (readonly [name: string, unit: string, unitPrice: number])[] = [
  ['Virtual Machines Dv5 Series - D2s v5', '1 Hour', 0.096],
  ['Storage - Premium SSD Managed Disks - P10', '1/Month', 0.63],
  ['Bandwidth - Data Transfer Out', '1 GB', 0.087],
  ['Azure SQL Database - General Purpose vCore', '1 Hour', 0.252],
  ['Azure Backup - Protected Instances', '1/Month', 0.33],
];

interface SummaryMeters {
  seed: number;
  used: typeof meters;
  meterIds: string[];
}

const metersBySummary = new WeakMap<UsageSummary, SummaryMeters>();

/** The meters a usage summary reads and their product ids, derived from its id (same every time). */
function metersOf(summary: UsageSummary): SummaryMeters {
  const known = metersBySummary.get(summary);
  if (known) return known;
  const seed = hashSeed(summary.id);
  const prng = createPrng(seed);
  const picked = meters.filter(() => prng.chance(0.6));
  const used = picked.length > 0 ? picked : meters.slice(0, 1);
  const found = { seed, used, meterIds: used.map(() => prng.uuid()) };
  metersBySummary.set(summary, found);
  return found;
}

/** One meter's usage on one day. */
export interface MeterReading {
  name: string;
  unit: string;
  unitPrice: number;
  productId: string;
  quantity: number;
  partnerTotal: number;
  currentCharges: number;
}

/** What a summary's meters read on the UTC day starting at `day`: derived from its id and the day, cheaply (invoices add up months of them). */
export function usageReadingsOn(summary: UsageSummary, day: number): MeterReading[] {
  const { seed, used, meterIds } = metersOf(summary);
  return used.map(([name, unit, unitPrice], i) => {
    const quantity = cents(1 + firstFloat(Math.imul(seed ^ Math.floor(day / 86_400_000), 0x9e3779b1) + i) * 40);
    const partnerTotal = cents(quantity * unitPrice);
    return { name, unit, unitPrice, productId: meterIds[i] ?? summary.productId, quantity, partnerTotal, currentCharges: cents(partnerTotal * 1.15) };
  });
}

/** The usage lines of a summary for the UTC day starting at `day`. */
export function usageLinesOn(summary: UsageSummary, day: number, currencyCode: string): WireObject[] {
  return usageReadingsOn(summary, day).map((r) => ({
    usageSummaryId: summary.id,
    usageDate: dateOnly(day),
    productName: r.name,
    productId: r.productId,
    unitOfMeasure: r.unit,
    quantity: r.quantity,
    currentCharges: r.currentCharges,
    currentProfit: cents(r.currentCharges - r.partnerTotal),
    partnerTotal: r.partnerTotal,
    unitPrice: r.unitPrice,
    currencyCode,
    isTrial: summary.isTrial,
  }));
}

/**
 * `UsageSummary`; totals are the sum of the given lines (the month so far). Listed under a
 * subscription it has no `companyId` but has `subscriptionId` (WIRE-NOTES), fetched alone it has both.
 */
export function usageSummaryWire(
  summary: UsageSummary,
  lines: readonly WireObject[],
  context: { vendorName: string; currencyCode: string; underSubscription: boolean },
): WireObject {
  const sum = (key: string) => cents(lines.reduce((s, l) => s + (typeof l[key] === 'number' ? l[key] : 0), 0));
  return {
    id: summary.id,
    ...(context.underSubscription ? {} : { companyId: summary.companyId }),
    subscriptionId: summary.subscriptionId,
    productId: summary.productId,
    resourceGroup: summary.resourceGroup,
    vendorName: context.vendorName,
    currentCharges: sum('currentCharges'),
    currencyCode: context.currencyCode,
    partnerTotal: sum('partnerTotal'),
    isTrial: summary.isTrial,
  };
}
