import type { Company, Product, Subscription } from '../model.ts';
import type { Prng } from '../prng.ts';
import { DAY_MS, HOUR_MS } from '../wire-dates.ts';

/**
 * One-time purchases (a mailbox migration bundle) for about one Active company in seven, made in the
 * past year: each is billed once, on the invoice after the month it was bought in. Drawn from a
 * stream of their own and appended, so the other subscriptions stay as they were.
 */
export function seedOneTimePurchases(prng: Prng, companies: readonly Company[], products: readonly Product[], anchorMs: number, currencyCode: string): Subscription[] {
  const oneTime = products.filter((p) => p.prices.some((o) => o.billingTerm === 'One-Time'));
  const subs: Subscription[] = [];
  for (const company of companies) {
    if (company.status !== 'Active' || oneTime.length === 0 || !prng.chance(0.15)) continue;
    const product = prng.pick(oneTime);
    const price = product.prices.find((o) => o.billingTerm === 'One-Time');
    if (!price) continue;
    const createdAt = anchorMs - prng.int(3, 330) * DAY_MS + prng.int(8, 17) * HOUR_MS;
    const state = {
      at: createdAt, quantity: prng.int(3, 40), price: price.suggestedRetailPrice, partnerCost: price.partnerBuyRate,
      status: 'Active' as const, billingTerm: 'One-Time' as const, startAt: createdAt,
    };
    subs.push({ id: prng.uuid(), companyId: company.id, productId: product.id, createdAt, currencyCode, dateStyle: prng.int(0, 2), state, history: [state] });
  }
  return subs;
}
