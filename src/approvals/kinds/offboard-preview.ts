import { z } from 'zod';
import { day, money, shortId, text } from '../../views/format.ts';
import { companyRefSchema, currencySchema } from '../../views/view-parts.ts';
import type { PreviewData, PreviewFact } from '../kind-definition.ts';
import { timingText } from './change-timing.ts';
import { offboardLicenceSchema, savingSchema, type OffboardLicence, type Saving } from './offboard-plan.ts';

/** What happens to the leaver's sign-in: blocked (with sessions revoked) when asked, after approval, or left alone. */
export const signInPlanSchema = z.enum(['atOnce', 'afterApproval', 'leave']);
export type SignInPlan = z.infer<typeof signInPlanSchema>;

/** What an approver sees of an offboarding: the user, the sign-in, each licence and its seat, the saving. */
export const offboardPreviewSchema = z.object({
  kind: z.literal('offboard'),
  company: companyRefSchema.nullable(),
  tenant: z.object({ tenantId: z.string(), domain: z.string().nullable() }),
  user: z.object({ id: z.string(), upn: z.string(), displayName: z.string().nullable() }),
  signIn: signInPlanSchema,
  licences: z.array(offboardLicenceSchema),
  saving: savingSchema,
  currency: currencySchema,
  /** What the approver should know besides (blocking sign-in at once did not go through, say). */
  notes: z.array(z.string()).default([]),
});
export type OffboardPreview = z.infer<typeof offboardPreviewSchema>;

const signInText: Record<SignInPlan, string> = {
  atOnce: 'Blocked and sessions revoked when this was asked (reversible, costs nothing)',
  afterApproval: 'Blocked and sessions revoked once approved',
  leave: 'Left as it is',
};

/** One licence in words: how it goes, and what happens to its seat. */
export function licenceText(l: OffboardLicence, currency: string | null): string {
  const how = l.assignment === 'direct' ? (l.remove ? 'removed' : 'kept') : 'inherited from a group: removed through the group, not by the bot';
  const seat = l.seat;
  switch (seat.action) {
    case 'release': {
      const cost = seat.unitMonthlyCost === null ? '' : `, saves ${money(seat.unitMonthlyCost, currency)}/month`;
      const when = seat.timing.mode === 'now' ? 'now' : timingText(seat.timing).replace(/^At/, 'at');
      return `${how}; 1 seat of ${seat.productName} (${shortId(seat.subscriptionId)}) released ${when}${cost}`;
    }
    case 'keep':
      return `${how}; the seat of ${seat.productName} (${shortId(seat.subscriptionId)}) is kept: ${seat.reason}`;
    case 'none':
      return l.assignment === 'direct' && l.remove ? `${how}; no seat is released: ${seat.reason}` : how;
  }
}

/** "58.30 USD/month (36.10 from now, 22.20 from 2027-06-02)", or that nothing is saved. */
export function savingText(s: Saving, currency: string | null): string {
  const unpriced = s.unpriced > 0 ? ` and ${s.unpriced} seat(s) Pax8 gave no price for` : '';
  if (s.steps.length === 0) return s.unpriced > 0 ? `unknown: ${s.unpriced} seat(s) Pax8 gave no price for` : 'none: no seat is released';
  const from = (at: string | null): string => (at === null ? 'now' : day(at));
  if (s.steps.length === 1) return `${money(s.monthly, currency)}/month partner cost from ${from(s.steps[0]?.from ?? null)}${unpriced}`;
  const parts = s.steps.map((step) => `${money(step.monthly, currency)} from ${from(step.from)}`);
  return `${money(s.monthly, currency)}/month partner cost (${parts.join(', ')})${unpriced}`;
}

export function offboardFacts(p: OffboardPreview): PreviewData {
  const licences: PreviewFact[] = p.licences.map((l) => ({ title: l.name, value: licenceText(l, p.currency) }));
  const groups = p.licences.filter((l) => l.assignment !== 'direct');
  return {
    facts: [
      { title: 'Company', value: text(p.company?.name) },
      { title: 'User', value: p.user.displayName ? `${p.user.displayName} (${p.user.upn})` : p.user.upn },
      { title: 'Tenant', value: p.tenant.domain ?? p.tenant.tenantId },
      { title: 'Sign-in', value: signInText[p.signIn] },
      ...(licences.length > 0 ? licences : [{ title: 'Licences', value: 'none held' }]),
      { title: 'Monthly saving', value: savingText(p.saving, p.currency) },
    ],
    commitment: 'A seat whose commitment allows no decrease today is released in the 7 days after its renewal.',
    dryRun: null,
    warnings: [...p.notes, ...(groups.length > 0 ? [`${groups.map((g) => g.name).join(', ')}: inherited from a group; remove the user from the group in Microsoft 365.`] : [])],
  };
}
