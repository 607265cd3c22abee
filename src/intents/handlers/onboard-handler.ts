import { mayRequest } from '../../approvals/approval-policy.ts';
import { onboardKind, type OnboardPreview } from '../../approvals/kinds/index.ts';
import { GraphHttpError } from '../../microsoft/index.ts';
import { isClosedSubscription } from '../../pax8/index.ts';
import type { View } from '../../views/view.ts';
import { moneyDelta } from '../../views/format.ts';
import { wireIds } from '../../wire-ids.ts';
import { perMonth, termLabel } from '../commitment-rules.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { licencePicture, type LicenceLine } from '../licence-picture.ts';
import { linkedTenant, microsoftOf } from '../linked-tenant.ts';
import { checkOnboardAnswers, onboardAnswers, onboardFormView, type OnboardDraft, type OnboardFormFacts } from '../onboard-form.ts';
import { openApproval } from '../open-approval.ts';
import type { IntentDeps } from '../ports.ts';
import { commitmentOf } from '../resolve-subscription.ts';
import { resolveCompany } from '../resolve-company.ts';
import { accountArgs, arg, commandLine, errorView, n } from '../view-helpers.ts';

const w = wireIds.commands;

/** The subscription that grows by one seat: monthly first, never one that is closed or whose commitment forbids adding seats. */
interface SeatSource {
  readonly id: string;
  readonly productName: string;
  readonly billingTerm: string | null;
  readonly unitMonthlyCost: number;
  readonly currency: string | null;
}

/**
 * `onboard [company]`: the new user's form (company defaults to the channel's mapping); its
 * submission is checked (in the form, per field: names, a user name free in the tenant on one of its
 * verified domains, usage location, licence, start date, manager found), then opens the `onboard`
 * approval request saying whether a seat is free or which Pax8 subscription grows by one.
 */
export const onboardHandler: Handler<IntentOf<'onboard'>> = {
  ack: (r) => (r.details === null ? 'Reading the tenant and its licences...' : 'Checking the new user against the tenant...'),
  async run(r, deps) {
    if (!mayRequest(deps.policy, r.actor.email, onboardKind)) return errorView('forbidden', 'You are not allowed to request new users; ask an admin to add you to the requesters.', null);
    const ms = microsoftOf(deps, w.onboard);
    if (!ms.ok) return ms.view;
    const resolved = await resolveCompany(r, r.company, deps, w.onboard, (id) => commandLine(w.onboard, arg(id), ...accountArgs(r)));
    if (!resolved.ok) return resolved.view;
    const company = resolved.value;
    const link = await linkedTenant(ms.value, company, w.onboard);
    if (!link.ok) return link.view;
    const graph = ms.value.graph(link.value.tenantId);
    const [organization, skus, subscriptions, pax8] = await Promise.all([
      graph.organization(),
      graph.subscribedSkus(),
      graph.directorySubscriptions().catch((error: unknown) => {
        if (error instanceof GraphHttpError && error.reason === 'permission_denied') return [];
        throw error;
      }),
      ms.value.pax8Skus.licencesOf(company),
    ]);
    const lines = licencePicture({ skus, subscriptions, pax8: pax8.licences }).lines.filter((l) => l.tenant !== null && l.pax8.length > 0);
    if (lines.length === 0) return errorView('refused', `${company.name}'s tenant has no licence that Pax8 sells it; buy one first (buy ${company.name} <product> 1).`, null);
    const domains = [...organization.verifiedDomains].sort((a, b) => Number(b.isDefault) - Number(a.isDefault)).map((d) => d.name);
    const settings = deps.policy.onboarding;
    const facts: OnboardFormFacts = {
      company: { id: company.id, name: company.name },
      domains,
      licences: lines.map((l) => ({ name: l.name, free: l.tenant?.free ?? 0 })),
      usageLocation: settings?.usageLocation ?? 'US',
      upnPattern: settings?.upn ?? '{first}.{last}',
      today: deps.clock.now().toISOString().slice(0, 10),
    };
    if (r.details === null) return onboardFormView(facts, null, {});
    const answers = onboardAnswers(r.details);
    const checked = checkOnboardAnswers(facts, answers);
    if (!checked.ok) return onboardFormView(facts, answers, checked.problems);
    const draft = checked.draft;
    const line = lines.find((l) => l.name === draft.licence) as LicenceLine;
    const [taken, manager, source] = await Promise.all([
      graph.users.find(draft.userPrincipalName),
      draft.manager === null ? Promise.resolve(null) : graph.users.find(draft.manager),
      (line.tenant?.free ?? 0) > 0 ? Promise.resolve(null) : seatSource(deps, company.account, line),
    ]);
    const problems: Parameters<typeof onboardFormView>[2] = {};
    if (taken) problems.userName = `${draft.userPrincipalName} is taken in the tenant (${taken.displayName ?? 'another user'}): choose another user name`;
    if (draft.manager !== null && !manager) problems.manager = `No user ${draft.manager} in the tenant: give the manager's user name, or leave it empty`;
    if (source === undefined) problems.licence = `No seat of ${line.name} is free and no Pax8 subscription of it can grow by one; buy one first, or choose another licence`;
    if (Object.keys(problems).length > 0) return onboardFormView(facts, answers, problems);
    return submitOnboard(r, deps, { company, tenantId: link.value.tenantId, draft, line, source: source ?? null, manager: manager ? { id: manager.id, name: manager.displayName ?? draft.manager ?? '' } : null });
  },
};

/**
 * The Pax8 subscription of the licence that grows when no seat is free: monthly first, then the
 * others; never a closed one, nor one whose commitment forbids adding seats. Undefined when none can.
 */
async function seatSource(deps: IntentDeps, account: string, line: LicenceLine): Promise<SeatSource | undefined> {
  const pax8 = deps.pax8.get(account);
  const ordered = [...line.pax8].sort((a, b) => Number(b.billingTerm === 'Monthly') - Number(a.billingTerm === 'Monthly'));
  for (const listed of ordered) {
    const sub = { ...(await pax8.subscriptions.get(listed.id)), account };
    if (isClosedSubscription(sub) || sub.status !== 'Active') continue;
    const commitment = await commitmentOf(deps, sub);
    if (commitment?.allowForQuantityIncrease === false) continue;
    return { id: sub.id, productName: sub.productName ?? sub.id, billingTerm: n(sub.billingTerm), unitMonthlyCost: perMonth(n(sub.partnerCost), sub.billingTerm) ?? 0, currency: n(sub.currencyCode) };
  }
  return undefined;
}

async function submitOnboard(
  r: IntentOf<'onboard'>,
  deps: IntentDeps,
  f: { company: { id: string; name: string; account: string }; tenantId: string; draft: OnboardDraft; line: LicenceLine; source: SeatSource | null; manager: { id: string; name: string } | null },
): Promise<View> {
  const { draft, source } = f;
  const seat = source
    ? `no seat is free: +1 seat on subscription ${source.productName} (${termLabel(source.billingTerm ?? undefined).toLowerCase()}, ${moneyDelta(source.unitMonthlyCost, source.currency)}/month)`
    : 'a seat is free';
  const preview: OnboardPreview = {
    kind: 'onboard',
    company: { id: f.company.id, name: f.company.name },
    userPrincipalName: draft.userPrincipalName,
    displayName: draft.displayName,
    licence: f.line.name,
    seat,
    usageLocation: draft.usageLocation,
    startDate: draft.startDate,
    manager: f.manager ? `${f.manager.name} (${draft.manager ?? ''})` : null,
    byHand: null,
    currency: source?.currency ?? null,
  };
  return openApproval(r, deps, {
    kind: 'onboard',
    account: f.company.account,
    payload: {
      companyId: f.company.id,
      companyName: f.company.name,
      tenantId: f.tenantId,
      user: { firstName: draft.firstName, lastName: draft.lastName, displayName: draft.displayName, userPrincipalName: draft.userPrincipalName, mailNickname: draft.mailNickname, usageLocation: draft.usageLocation },
      sku: { skuId: f.line.skuId, name: f.line.name },
      seatSubscription: source ? { id: source.id, productName: source.productName, billingTerm: source.billingTerm, unitMonthlyCost: source.unitMonthlyCost } : null,
      quotedSeatNeeded: source !== null,
      seatFree: null,
      manager: f.manager,
      startDate: draft.startDate,
      notes: draft.notes,
    },
    preview,
    summary: `Create ${draft.userPrincipalName} at ${f.company.name} with ${f.line.name}; ${seat}`,
    monthlyCostDelta: source?.unitMonthlyCost ?? 0,
    atRenewal: false,
  });
}
