import type { Subscription, UsageSummary } from '../model.ts';
import type { Prng } from '../prng.ts';

const groups = ['rg-production', 'rg-backup', 'rg-development', 'rg-networking', 'rg-sql'];

/** One to three resource groups per usage-billed (Azure-like) subscription. */
export function seedUsageSummaries(prng: Prng, subscriptions: readonly Subscription[], usageProductIds: ReadonlySet<string>): UsageSummary[] {
  const summaries: UsageSummary[] = [];
  for (const sub of subscriptions) {
    if (!usageProductIds.has(sub.productId)) continue;
    const count = prng.int(1, 3);
    const start = prng.int(0, groups.length - 1);
    for (let i = 0; i < count; i++) {
      summaries.push({
        id: prng.uuid(),
        subscriptionId: sub.id,
        companyId: sub.companyId,
        productId: sub.productId,
        resourceGroup: groups[(start + i) % groups.length] ?? 'rg-default',
        isTrial: prng.chance(0.05),
      });
    }
  }
  return summaries;
}
