import { z } from 'zod';
import { count, day, moneyDelta, text, yesNo } from '../../views/format.ts';
import { companyRefSchema, currencySchema, isoDateSchema } from '../../views/view-parts.ts';
import type { PreviewData } from '../kind-definition.ts';
import { changeTimingSchema, timingText } from './change-timing.ts';

/** What an approver sees of a cancellation, which cannot be undone (WIRE-NOTES rule 4). */
export const cancelPreviewSchema = z.object({
  kind: z.literal('cancel'),
  company: companyRefSchema.nullable(),
  subscription: z.object({ id: z.string(), productName: z.string(), quantity: z.number().nullable(), billingTerm: z.string().nullable() }),
  commitmentTerm: z.string().nullable(),
  commitmentEndDate: isoDateSchema.nullable(),
  earlyCancellationAllowed: z.boolean().nullable(),
  cancellationFeeApplied: z.boolean().nullable(),
  irreversible: z.literal(true),
  /** Now (no commitment, or early cancellation allowed), or in the 7-day window after the next renewal. */
  timing: changeTimingSchema,
  currency: currencySchema,
  monthlyCostDelta: z.number().nullable(),
  notes: z.array(z.string()),
});
export type CancelPreview = z.infer<typeof cancelPreviewSchema>;

export function cancelFacts(p: CancelPreview): PreviewData {
  return {
    facts: [
      { title: 'Company', value: text(p.company?.name) },
      { title: 'Subscription', value: p.subscription.productName },
      { title: 'Quantity', value: `${count(p.subscription.quantity)} → 0` },
      { title: 'Billing term', value: text(p.subscription.billingTerm) },
      { title: 'Monthly cost', value: moneyDelta(p.monthlyCostDelta, p.currency) },
      { title: 'Early cancellation allowed', value: yesNo(p.earlyCancellationAllowed) },
      { title: 'Cancellation fee', value: yesNo(p.cancellationFeeApplied) },
      { title: 'Takes effect', value: timingText(p.timing) },
    ],
    commitment: `${text(p.commitmentTerm)}${p.commitmentEndDate ? `, ends ${day(p.commitmentEndDate)}` : ''}`,
    dryRun: null,
    warnings: ['Cancelling cannot be undone.', ...(p.timing.mode === 'atRenewal' ? [p.timing.reason] : []), ...p.notes],
  };
}
