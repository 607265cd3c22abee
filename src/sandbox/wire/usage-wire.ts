import type { UsageSummary } from '../model.ts';
import { cents, createPrng, hashSeed } from '../prng.ts';
import { DAY_MS, dateOnly, startOfDayUtc, startOfMonthUtc } from '../wire-dates.ts';
import type { WireObject } from './wire-types.ts';

const meters: readonly (readonly [name: string, unit: string, unitPrice: number])[] = [
  ['Virtual Machines Dv5 Series - D2s v5', '1 Hour', 0.096],
  ['Storage - Premium SSD Managed Disks - P10', '1/Month', 0.63],
  ['Bandwidth - Data Transfer Out', '1 GB', 0.087],
  ['Azure SQL Database - General Purpose vCore', '1 Hour', 0.252],
  ['Azure Backup - Protected Instances', '1/Month', 0.33],
];

/** Daily lines of a usage summary for the current month, derived from its id (same every time). */
export function usageLines(summary: UsageSummary, now: number): WireObject[] {
  const prng = createPrng(hashSeed(summary.id));
  const picked = meters.filter(() => prng.chance(0.6));
  const used = picked.length > 0 ? picked : meters.slice(0, 1);
  const meterIds = used.map(() => prng.uuid());
  const lines: WireObject[] = [];
  for (let day = startOfMonthUtc(now); day <= startOfDayUtc(now); day += DAY_MS) {
    for (const [i, [name, unit, unitPrice]] of used.entries()) {
      const dayPrng = createPrng(hashSeed(summary.id, day, i));
      const quantity = cents(1 + dayPrng.next() * 40);
      const partnerTotal = cents(quantity * unitPrice);
      const currentCharges = cents(partnerTotal * 1.15);
      lines.push({
        usageSummaryId: summary.id,
        usageDate: dateOnly(day),
        productName: name,
        productId: meterIds[i] ?? summary.productId,
        unitOfMeasure: unit,
        quantity,
        currentCharges,
        currentProfit: cents(currentCharges - partnerTotal),
        partnerTotal,
        unitPrice,
        currencyCode: 'USD',
        isTrial: summary.isTrial,
      });
    }
  }
  return lines;
}

/**
 * `UsageSummary`; totals are the sum of the lines. Listed under a subscription it has no
 * `companyId` but has `subscriptionId` (WIRE-NOTES), fetched alone it has both.
 */
export function usageSummaryWire(summary: UsageSummary, now: number, vendorName: string, options: { underSubscription: boolean }): WireObject {
  const lines = usageLines(summary, now);
  const sum = (key: string) => cents(lines.reduce((s, l) => s + (typeof l[key] === 'number' ? l[key] : 0), 0));
  return {
    id: summary.id,
    ...(options.underSubscription ? {} : { companyId: summary.companyId }),
    subscriptionId: summary.subscriptionId,
    productId: summary.productId,
    resourceGroup: summary.resourceGroup,
    vendorName,
    currentCharges: sum('currentCharges'),
    currencyCode: 'USD',
    partnerTotal: sum('partnerTotal'),
    isTrial: summary.isTrial,
  };
}
