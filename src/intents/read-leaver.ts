/**
 * What offboarding reads before it asks anything: the leaver's licences (direct or through a group,
 * from `licenseAssignmentStates`), the tenant's seats of each SKU, and for each SKU the company's
 * Pax8 subscriptions that could give up a seat — when (their commitment's rules) and at what cost.
 */
import { skuDisplayName, type GraphUser } from '../microsoft/index.ts';
import { isClosedSubscription, type Company } from '../pax8/index.ts';
import type { HeldLicence, SeatSource, SkuSeats } from '../approvals/kinds/offboard-plan.ts';
import { perMonth, termLabel } from './commitment-rules.ts';
import type { ConfiguredMicrosoft } from './linked-tenant.ts';
import type { InAccount, IntentDeps } from './ports.ts';
import { changeTiming, commitmentOf } from './resolve-subscription.ts';
import { assignmentOf, licenceNamer } from './handlers/users-handlers.ts';
import { n } from './view-helpers.ts';

/** The user properties offboarding reads. */
export const leaverSelect = ['id', 'displayName', 'userPrincipalName', 'accountEnabled', 'assignedLicenses', 'licenseAssignmentStates'];

export interface LeaverFacts {
  readonly licences: HeldLicence[];
  readonly seats: Map<string, SkuSeats>;
  readonly sources: Map<string, SeatSource[]>;
  readonly currency: string | null;
}

/** Reads everything offboarding decides from, for one user of the company's tenant. */
export async function readLeaver(deps: IntentDeps, ms: ConfiguredMicrosoft, company: InAccount<Company>, tenantId: string, user: GraphUser): Promise<LeaverFacts> {
  const graph = ms.graph(tenantId);
  const [details, skus, pax8] = await Promise.all([graph.users.licenseDetails(user.id), graph.subscribedSkus(), ms.pax8Skus.licencesOf(company)]);
  const name = licenceNamer(skus);
  const licences: HeldLicence[] = details.map((d) => ({
    skuId: d.skuId,
    name: d.skuPartNumber ? skuDisplayName({ skuId: d.skuId, skuPartNumber: d.skuPartNumber }) : name(d.skuId),
    assignment: assignmentOf(user, d.skuId),
  }));
  const held = new Set(licences.filter((l) => l.assignment === 'direct').map((l) => l.skuId.toLowerCase()));
  const seats = new Map(skus.map((s) => [s.skuId.toLowerCase(), { enabled: s.prepaidUnits.enabled, consumed: s.consumedUnits }]));
  const sources = new Map<string, SeatSource[]>();
  let currency: string | null = null;
  const pax8Api = deps.pax8.get(company.account);
  const now = deps.clock.now();
  for (const line of pax8.licences) {
    const skuId = line.vendorSkuId?.toLowerCase();
    if (!skuId || !held.has(skuId)) continue;
    const sub = { ...(await pax8Api.subscriptions.get(line.id)), account: company.account };
    // One being cancelled ends with its term anyway: no seat of it to release.
    if (isClosedSubscription(sub)) continue;
    const commitment = await commitmentOf(deps, sub);
    const blocked = commitment !== undefined && commitment.allowForQuantityDecrease !== true;
    const timing = blocked ? changeTiming(sub, now, `${termLabel(commitment.term)} commitment: seats can only be reduced in the 7 days after its renewal`) : ({ mode: 'now' } as const);
    currency ??= n(sub.currencyCode);
    sources.set(skuId, [...(sources.get(skuId) ?? []), { subscription: sub, timing, unitMonthlyCost: perMonth(n(sub.partnerCost), sub.billingTerm) }]);
  }
  return { licences, seats, sources, currency };
}
