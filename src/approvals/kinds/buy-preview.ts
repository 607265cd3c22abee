import { z } from 'zod';
import { count, money, moneyDelta, text } from '../../views/format.ts';
import { commitmentOptionSchema } from '../../views/product-views.ts';
import { companyRefSchema, currencySchema } from '../../views/view-parts.ts';
import type { PreviewData } from '../kind-definition.ts';

/** The verdict of the Pax8 dry run (`POST /orders?isMock=true`; WIRE-NOTES rule 2). */
export const dryRunSchema = z.object({ ok: z.boolean(), verdict: z.string(), messages: z.array(z.string()) });
export type DryRun = z.infer<typeof dryRunSchema>;

/** What an approver sees of an order: a new subscription. Costs are partner cost, prices what the customer pays. */
export const buyPreviewSchema = z.object({
  kind: z.literal('buy'),
  company: companyRefSchema.extend({ status: z.string().nullable() }),
  product: z.object({ id: z.string(), name: z.string(), vendorName: z.string().nullable() }),
  quantity: z.number().int().min(1),
  billingTerm: z.string(),
  commitment: commitmentOptionSchema.nullable(),
  currency: currencySchema,
  /** Per seat per month (an annual price divided by 12). */
  unitCost: z.number().nullable(),
  unitPrice: z.number().nullable(),
  /** Per seat as Pax8 bills it: per year for an annual billing term; null when billed monthly. */
  billedUnitCost: z.number().nullable().default(null),
  billedUnitPrice: z.number().nullable().default(null),
  monthlyCost: z.number().nullable(),
  monthlyPrice: z.number().nullable(),
  termMonths: z.number().int().min(1),
  termCost: z.number().nullable(),
  termPrice: z.number().nullable(),
  provisioning: z.array(z.object({ key: z.string(), label: z.string(), values: z.array(z.string()) })),
  dryRun: dryRunSchema,
});
export type BuyPreview = z.infer<typeof buyPreviewSchema>;

/** "per year" for an annual billing term, "every 2 years" for a 2-year one. */
function billedPeriod(term: string): string {
  const t = term.toLowerCase();
  return t === 'annual' ? 'per year' : t === '2-year' ? 'every 2 years' : t === '3-year' ? 'every 3 years' : t;
}

/** Unit and monthly figures, the whole term, the commitment's meaning and the dry run's verdict. */
export function buyFacts(p: BuyPreview): PreviewData {
  const c = p.currency;
  return {
    facts: [
      { title: 'Company', value: `${p.company.name}${p.company.status ? ` (${p.company.status})` : ''}` },
      { title: 'Product', value: p.product.vendorName ? `${p.product.name} · ${p.product.vendorName}` : p.product.name },
      { title: 'Quantity', value: `0 → ${count(p.quantity)}` },
      { title: 'Billing term', value: p.billingTerm },
      ...(p.billedUnitCost !== null
        ? [{ title: `Per seat, billed ${billedPeriod(p.billingTerm)} (cost / price)`, value: `${money(p.billedUnitCost, c)} / ${money(p.billedUnitPrice, c)}` }]
        : []),
      { title: 'Per seat per month (cost / price)', value: `${money(p.unitCost, c)} / ${money(p.unitPrice, c)}` },
      { title: 'Per month, all seats (cost / price)', value: `${moneyDelta(p.monthlyCost, c)} / ${moneyDelta(p.monthlyPrice, c)}` },
      // A one-month term is the monthly figure again.
      ...(p.termMonths > 1 ? [{ title: `Whole term, ${p.termMonths} months (cost / price)`, value: `${moneyDelta(p.termCost, c)} / ${moneyDelta(p.termPrice, c)}` }] : []),
      ...p.provisioning.map((d) => ({ title: d.label, value: d.values.join(', ') || '—' })),
    ],
    commitment: p.commitment ? `${text(p.commitment.term)}: ${p.commitment.meaning}` : 'none: seats can be changed or cancelled at any time.',
    dryRun: { ok: p.dryRun.ok, text: p.dryRun.verdict },
    warnings: p.dryRun.messages,
  };
}
