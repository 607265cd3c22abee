import { z } from 'zod';
import { count, money, moneyDelta, text } from '../../views/format.ts';
import { companyRefSchema, currencySchema } from '../../views/view-parts.ts';
import type { PreviewData } from '../kind-definition.ts';
import { changeTimingSchema, timingText } from './change-timing.ts';

/** What an approver sees of a seat change on an existing subscription. */
export const seatsPreviewSchema = z.object({
  kind: z.literal('seats'),
  company: companyRefSchema.nullable(),
  subscription: z.object({ id: z.string(), productName: z.string(), billingTerm: z.string().nullable() }),
  commitmentTerm: z.string().nullable(),
  currentQuantity: z.number(),
  newQuantity: z.number().int().min(1),
  change: z.number().int(),
  currency: currencySchema,
  unitCost: z.number().nullable(),
  unitPrice: z.number().nullable(),
  monthlyCostDelta: z.number().nullable(),
  monthlyPriceDelta: z.number().nullable(),
  timing: changeTimingSchema,
  /**
   * What was asked ("+1", "-2", "to 10"): the change that runs against the quantity Pax8 has then;
   * `currentQuantity → newQuantity` is only how it looked when asked. Null on older requests.
   */
  requestedChange: z.string().nullable().default(null),
});
export type SeatsPreview = z.infer<typeof seatsPreviewSchema>;

/** "+1" → "+1 seat", "to 12" → "to 12 seats": the noun follows the number the requester typed. */
function changeWithNoun(said: string): string {
  return `${said} ${/(?:^|\D)1$/.test(said) ? 'seat' : 'seats'}`;
}

export function seatsFacts(p: SeatsPreview): PreviewData {
  const c = p.currency;
  const sign = p.change > 0 ? '+' : '';
  return {
    facts: [
      { title: 'Company', value: text(p.company?.name) },
      { title: 'Subscription', value: p.subscription.productName },
      { title: 'Change', value: `${changeWithNoun(p.requestedChange ?? `${sign}${p.change}`)}, applied to the quantity Pax8 has when it runs` },
      { title: 'When asked', value: `${count(p.currentQuantity)} → ${count(p.newQuantity)}` },
      { title: 'Billing term', value: text(p.subscription.billingTerm) },
      { title: 'Unit cost / price', value: `${money(p.unitCost, c)} / ${money(p.unitPrice, c)}` },
      { title: 'Monthly cost / price', value: `${moneyDelta(p.monthlyCostDelta, c)} / ${moneyDelta(p.monthlyPriceDelta, c)}` },
      { title: 'Takes effect', value: timingText(p.timing) },
    ],
    commitment: p.commitmentTerm ?? 'none recorded for this subscription',
    dryRun: null,
    warnings: p.timing.mode === 'atRenewal' ? [p.timing.reason] : [],
  };
}
