import { mayRequest } from '../../approvals/approval-policy.ts';
import { onboardKind, type OnboardPreview } from '../../approvals/kinds/index.ts';
import { GraphHttpError } from '../../microsoft/index.ts';
import type { View } from '../../views/view.ts';
import { moneyDelta } from '../../views/format.ts';
import { wireIds } from '../../wire-ids.ts';
import { termLabel } from '../commitment-rules.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { licencePicture, type LicenceLine } from '../licence-picture.ts';
import { type ConfiguredMicrosoft, tenantLinkOf } from '../linked-tenant.ts';
import { checkOnboardAnswers, onboardAnswers, onboardFormView, type OnboardDraft, type OnboardFormFacts } from '../onboard-form.ts';
import { openApproval } from '../open-approval.ts';
import { planSeat, type SeatPlan } from '../onboard-seat.ts';
import type { InAccount, IntentDeps } from '../ports.ts';
import { resolveCompany } from '../resolve-company.ts';
import { accountArgs, arg, commandLine, errorView } from '../view-helpers.ts';

const w = wireIds.commands;

type Problems = Parameters<typeof onboardFormView>[2];

/**
 * `onboard [company]`: the new user's form (company defaults to the channel's mapping); its
 * submission is checked (in the form, per field: names, a user name free in the tenant on one of its
 * verified domains, usage location, licence, start date, manager found), then opens the `onboard`
 * approval request saying whether a seat is free, which Pax8 subscription grows by one, or which new
 * order buys it. Without a linked tenant the form lists the company's Microsoft licences at Pax8 and
 * asks whether a seat is free; what needs the tenant is left to do by hand (a checklist at the end).
 */
export const onboardHandler: Handler<IntentOf<'onboard'>> = {
  ack: (r) => (r.details === null ? 'Reading the tenant and its licences...' : 'Checking the new user against the tenant...'),
  async run(r, deps) {
    if (!mayRequest(deps.policy, r.actor.email, onboardKind)) return errorView('forbidden', 'You are not allowed to request new users; ask an admin to add you to the requesters.', null);
    const resolved = await resolveCompany(r, r.company, deps, w.onboard, (id) => commandLine(w.onboard, arg(id), ...accountArgs(r)));
    if (!resolved.ok) return resolved.view;
    const company = resolved.value;
    // Without the Microsoft app, every company is one without a linked tenant: Pax8 alone tells its licences.
    const ms = deps.microsoft.configured ? deps.microsoft : null;
    const link = ms ? await tenantLinkOf(ms, company) : ({ ok: true, value: undefined } as const);
    if (!link.ok) return link.view;
    const tenantId = link.value?.tenantId ?? null;
    const graph = tenantId === null || !ms ? null : ms.graph(tenantId);
    const read = graph && ms ? await readTenant(graph, ms, company) : await readPax8Only(deps.microsoft.pax8Skus, company);
    if (read.lines.length === 0) {
      const where = graph ? "'s tenant has no licence that Pax8 sells it" : ' has no Microsoft licence at Pax8';
      return errorView('refused', `${company.name}${where}; buy one first (buy ${company.name} <product> 1).`, null);
    }
    const settings = deps.policy.onboarding;
    const facts: OnboardFormFacts = {
      company: { id: company.id, name: company.name },
      tenantLinked: graph !== null,
      domains: read.domains,
      licences: read.lines.map((l) => ({ name: l.name, free: graph ? (l.tenant?.free ?? 0) : null })),
      usageLocation: settings?.usageLocation ?? 'US',
      upnPattern: settings?.upn ?? '{first}.{last}',
      today: deps.clock.now().toISOString().slice(0, 10),
    };
    if (r.details === null) return onboardFormView(facts, null, {});
    const answers = onboardAnswers(r.details);
    const checked = checkOnboardAnswers(facts, answers);
    if (!checked.ok) return onboardFormView(facts, answers, checked.problems);
    const draft = checked.draft;
    const line = read.lines.find((l) => l.name === draft.licence) as LicenceLine;
    const seatNeeded = graph ? (line.tenant?.free ?? 0) <= 0 : draft.seatFree === false;
    const [taken, manager, seat] = await Promise.all([
      graph ? graph.users.find(draft.userPrincipalName) : Promise.resolve(null),
      draft.manager === null || !graph ? Promise.resolve(null) : graph.users.find(draft.manager),
      seatNeeded ? planSeat(deps, { account: company.account, companyId: company.id, tenantId, line, answers: r.details }) : Promise.resolve(null),
    ]);
    const problems: Problems = {};
    if (taken) problems.userName = `${draft.userPrincipalName} is taken in the tenant (${taken.displayName ?? 'another user'}): choose another user name`;
    if (graph && draft.manager !== null && !manager) problems.manager = `No user ${draft.manager} in the tenant: give the manager's user name, or leave it empty`;
    if (seat?.kind === 'refused') problems.licence = seat.problem;
    if (Object.keys(problems).length > 0 || seat?.kind === 'ask') return onboardFormView(facts, answers, problems, seat?.kind === 'ask' ? seat.fields : []);
    const chosenManager = draft.manager === null ? null : manager ? { id: manager.id, name: manager.displayName ?? draft.manager } : graph ? null : { id: draft.manager, name: draft.manager };
    return submitOnboard(r, deps, { company, tenantId, draft, line, seat: seat?.kind === 'grow' || seat?.kind === 'order' ? seat : null, manager: chosenManager });
  },
};

/** What the form offers with a linked tenant: its verified domains and its SKUs that Pax8 sells the company. */
async function readTenant(graph: ReturnType<ConfiguredMicrosoft['graph']>, ms: ConfiguredMicrosoft, company: InAccount<{ id: string }>) {
  const [organization, skus, subscriptions, pax8] = await Promise.all([
    graph.organization(),
    graph.subscribedSkus(),
    graph.directorySubscriptions().catch((error: unknown) => {
      if (error instanceof GraphHttpError && error.reason === 'permission_denied') return [];
      throw error;
    }),
    ms.pax8Skus.licencesOf(company),
  ]);
  const lines = licencePicture({ skus, subscriptions, pax8: pax8.licences }).lines.filter((l) => l.tenant !== null && l.pax8.length > 0);
  const domains = [...organization.verifiedDomains].sort((a, b) => Number(b.isDefault) - Number(a.isDefault)).map((d) => d.name);
  return { lines, domains };
}

/** Without a tenant: the Microsoft licences of the company's Pax8 subscriptions, by SKU. */
async function readPax8Only(pax8Skus: ConfiguredMicrosoft['pax8Skus'], company: InAccount<{ id: string }>) {
  const pax8 = await pax8Skus.licencesOf(company);
  return { lines: licencePicture({ skus: [], subscriptions: [], pax8: pax8.licences }).lines.filter((l) => l.pax8.length > 0), domains: [] as string[] };
}

/** The approval card's seat sentence. */
function seatText(seat: Extract<SeatPlan, { kind: 'grow' | 'order' }> | null, line: LicenceLine, linked: boolean): string {
  if (!seat) return linked ? 'a seat is free' : 'a seat is free (the requester said so)';
  if (seat.kind === 'grow') {
    const s = seat.source;
    return `no seat is free: +1 seat on subscription ${s.productName} (${termLabel(s.billingTerm ?? undefined).toLowerCase()}, ${moneyDelta(s.unitMonthlyCost, s.currency)}/month)`;
  }
  const o = seat.order;
  const dryRun = o.dryRun.ok ? 'dry run passed at Pax8' : o.dryRun.verdict;
  return `no seat is free and no subscription of ${line.name}: a new order of 1 × ${o.productName} (${termLabel(o.billingTerm).toLowerCase()}, ${moneyDelta(o.unitMonthlyCost, o.currency)}/month; ${dryRun})`;
}

/** Without a linked tenant: what the approval card says is left to the technician. */
const byHandText = 'the bot buys the seat if you said none is free; the rest is done by hand (a checklist comes once it has run)';

async function submitOnboard(
  r: IntentOf<'onboard'>,
  deps: IntentDeps,
  f: { company: { id: string; name: string; account: string }; tenantId: string | null; draft: OnboardDraft; line: LicenceLine; seat: Extract<SeatPlan, { kind: 'grow' | 'order' }> | null; manager: { id: string; name: string } | null },
): Promise<View> {
  const { draft, seat } = f;
  const source = seat?.kind === 'grow' ? seat.source : null;
  const order = seat?.kind === 'order' ? seat.order : null;
  const seatLine = seatText(seat, f.line, f.tenantId !== null);
  const monthly = source?.unitMonthlyCost ?? order?.unitMonthlyCost ?? 0;
  const preview: OnboardPreview = {
    kind: 'onboard',
    company: { id: f.company.id, name: f.company.name },
    userPrincipalName: draft.userPrincipalName,
    displayName: draft.displayName,
    licence: f.line.name,
    seat: seatLine,
    usageLocation: draft.usageLocation,
    startDate: draft.startDate,
    manager: f.manager ? (f.tenantId ? `${f.manager.name} (${draft.manager ?? ''})` : f.manager.name) : null,
    byHand: f.tenantId ? null : byHandText,
    currency: source?.currency ?? order?.currency ?? null,
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
      seatOrder: order
        ? {
            productId: order.productId,
            productName: order.productName,
            billingTerm: order.billingTerm,
            unitMonthlyCost: order.unitMonthlyCost,
            ...(order.commitmentTermId ? { commitmentTermId: order.commitmentTermId } : {}),
            ...(order.provisioningDetails ? { provisioningDetails: order.provisioningDetails } : {}),
          }
        : null,
      quotedSeatNeeded: seat !== null,
      seatFree: f.tenantId ? null : draft.seatFree,
      manager: f.manager,
      startDate: draft.startDate,
      notes: draft.notes,
    },
    preview,
    summary: `Create ${draft.userPrincipalName} at ${f.company.name} with ${f.line.name}; ${seatLine}`,
    monthlyCostDelta: monthly,
    atRenewal: false,
  });
}
