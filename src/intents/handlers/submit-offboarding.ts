import type { GraphUser } from '../../microsoft/index.ts';
import type { Company } from '../../pax8/index.ts';
import { planLicences, savingOf, type SeatChoice } from '../../approvals/kinds/offboard-plan.ts';
import type { OffboardPayload } from '../../approvals/kinds/offboard-payload.ts';
import { savingText, type OffboardPreview, type SignInPlan } from '../../approvals/kinds/offboard-preview.ts';
import type { View } from '../../views/index.ts';
import type { IntentOf, OffboardAnswer } from '../intent-request.ts';
import type { ConfiguredMicrosoft } from '../linked-tenant.ts';
import { openApproval } from '../open-approval.ts';
import type { InAccount, IntentDeps } from '../ports.ts';
import type { LeaverFacts } from '../read-leaver.ts';
import type { TenantLink } from '../tenant-links.ts';
import { errorView } from '../view-helpers.ts';

export interface Leaver {
  readonly company: InAccount<Company>;
  readonly link: TenantLink;
  readonly user: GraphUser;
  readonly facts: LeaverFacts;
  readonly answer: OffboardAnswer;
}

/**
 * The form's answer becomes an approval request: each licence planned against what was just read,
 * the saving, and — with `onboarding.blockSignInBeforeApproval` — sign-in blocked and sessions
 * revoked first, at once (the request's own steps find them done and skip them).
 */
export async function submitOffboarding(r: IntentOf<'offboard'>, deps: IntentDeps, ms: ConfiguredMicrosoft, leaver: Leaver): Promise<View> {
  const { company, link, user, facts, answer } = leaver;
  const choices = new Map<string, SeatChoice>(Object.entries(answer.seats).map(([sku, choice]) => [sku.toLowerCase(), choice]));
  const licences = planLicences({ licences: facts.licences, removeLicences: answer.removeLicences, seats: facts.seats, sources: facts.sources, choices });
  const removeSkuIds = licences.filter((l) => l.remove).map((l) => l.skuId);
  if (!answer.blockSignIn && removeSkuIds.length === 0) {
    return errorView('bad_input', `${user.displayName ?? user.userPrincipalName ?? user.id} holds no licence the bot can remove (group licences go through the group): choose to block sign-in, or remove the user from the group in Microsoft 365.`, null);
  }
  const askedAt = deps.clock.now().toISOString();
  const notes: string[] = [];
  let signIn: SignInPlan = answer.blockSignIn ? 'afterApproval' : 'leave';
  if (answer.blockSignIn && deps.policy.onboarding?.blockSignInBeforeApproval === true) {
    const blocked = await ms.blockSignIn(link.tenantId, user.id);
    if (blocked.ok) signIn = 'atOnce';
    else notes.push(`Blocking sign-in at once did not go through: ${blocked.problem}. It is done once approved.`);
  }
  const saving = savingOf(licences);
  const upn = user.userPrincipalName ?? user.id;
  const releases: OffboardPayload['releases'] = licences.flatMap((l) =>
    l.seat.action === 'release'
      ? [{ subscriptionId: l.seat.subscriptionId, skuId: l.skuId, productName: l.seat.productName, quotedQuantity: l.seat.quantity, unitMonthlyCost: l.seat.unitMonthlyCost ?? 0, atRenewal: l.seat.timing.mode === 'atRenewal' }]
      : [],
  );
  const preview: OffboardPreview = {
    kind: 'offboard',
    company: { id: company.id, name: company.name },
    tenant: { tenantId: link.tenantId, domain: link.domain ?? null },
    user: { id: user.id, upn, displayName: user.displayName ?? null },
    signIn,
    licences,
    saving,
    currency: facts.currency,
    notes,
  };
  const what = [
    signIn === 'atOnce' ? 'sign-in blocked at once' : signIn === 'afterApproval' ? 'block sign-in' : null,
    removeSkuIds.length > 0 ? `remove ${removeSkuIds.length} licence(s)` : null,
    releases.length > 0 ? `release ${releases.length} seat(s), saving ${savingText(saving, facts.currency)}` : null,
  ].filter((p): p is string => p !== null);
  return openApproval(r, deps, {
    kind: 'offboard',
    account: company.account,
    payload: {
      companyId: company.id,
      companyName: company.name,
      tenantId: link.tenantId,
      userId: user.id,
      upn,
      displayName: user.displayName ?? null,
      askedAt,
      blockSignIn: answer.blockSignIn,
      removeSkuIds,
      releases,
    },
    preview,
    summary: `Offboard ${user.displayName ?? upn} (${upn}) at ${company.name}: ${what.join('; ')}`,
    monthlyCostDelta: -saving.monthly,
    atRenewal: false,
  });
}
