import type { Company, PriceOption, Product, Subscription, SubscriptionStatus } from '../model.ts';
import { cents, type Prng } from '../prng.ts';
import { advanceSubscription, applyChange } from '../rules/subscription-lifecycle.ts';
import { addMonthsUtc, DAY_MS, HOUR_MS } from '../wire-dates.ts';

const finalStatuses: readonly (readonly [SubscriptionStatus, number])[] = [
  ['Active', 80], ['Cancelled', 7], ['PendingCancel', 3], ['PendingManual', 2], ['PendingAutomated', 2],
  ['WaitingForDetails', 1], ['Trial', 2], ['Converted', 1], ['PendingActivation', 1], ['Activated', 1],
];

function pickPrice(prng: Prng, product: Product, status: SubscriptionStatus): PriceOption {
  const trial = product.prices.find((p) => p.billingTerm === 'Trial');
  if (status === 'Trial' && trial) return trial;
  const paid = product.prices.filter((p) => p.billingTerm !== 'Trial');
  return prng.weighted(paid.map((p) => [p, p.commitmentTerm === '1-Year' && p.billingTerm === 'Monthly' ? 5 : 2] as const));
}

function quantityFor(prng: Prng, product: Product): number {
  if (product.usageBased) return 1;
  if (product.unitOfMeasure === 'GB') return prng.int(50, 2000);
  return Math.max(1, Math.floor(Math.exp(prng.next() * Math.log(80))));
}

function createdAtFor(prng: Prng, status: SubscriptionStatus, anchorMs: number): number {
  const hours = prng.int(0, 23) * HOUR_MS + prng.int(0, 3_599_999);
  if (status.startsWith('Pending') && status !== 'PendingCancel') return anchorMs - prng.int(1, 3) * DAY_MS + hours;
  if (status === 'WaitingForDetails' || status === 'Trial') return anchorMs - prng.int(2, 20) * DAY_MS + hours;
  return anchorMs - prng.int(5, 1000) * DAY_MS + hours;
}

/** Builds one subscription with a plausible past: renewals, seat changes, and its final status. */
function seedOne(prng: Prng, company: Company, product: Product, anchorMs: number, status: SubscriptionStatus, currencyCode: string): Subscription {
  const option = pickPrice(prng, product, status);
  const commitment = product.commitments.find((c) => c.term === option.commitmentTerm);
  const createdAt = createdAtFor(prng, status, anchorMs);
  const termMonths = commitment?.months ?? (option.billingTerm === 'Annual' ? 12 : undefined);
  const discount = prng.chance(0.3) ? 0.9 + prng.next() * 0.08 : 1;
  const initialStatus: SubscriptionStatus = status === 'Trial' || status.startsWith('Pending') && status !== 'PendingCancel' || status === 'WaitingForDetails' ? status : 'Active';
  const sub: Subscription = {
    id: prng.uuid(),
    companyId: company.id,
    productId: product.id,
    createdAt,
    currencyCode,
    dateStyle: prng.int(0, 2),
    state: {
      at: createdAt,
      quantity: quantityFor(prng, product),
      price: cents(option.suggestedRetailPrice * discount),
      partnerCost: option.partnerBuyRate,
      status: initialStatus,
      billingTerm: option.billingTerm,
      startAt: createdAt,
      ...(termMonths !== undefined ? { endAt: addMonthsUtc(createdAt, termMonths) } : status === 'Trial' ? { endAt: createdAt + 30 * DAY_MS } : {}),
    },
    history: [],
  };
  sub.history.push(sub.state);
  if (commitment) sub.commitmentId = commitment.id;
  if (termMonths !== undefined) sub.termMonths = termMonths;
  if (product.vendorName === 'Microsoft') sub.vendorSubscriptionId = prng.uuid();
  if (status === 'PendingAutomated') sub.pendingUntil = anchorMs + prng.int(1, 48) * HOUR_MS;
  if (initialStatus === 'Active') playHistory(prng, sub, product, anchorMs, status);
  return sub;
}

/** Seat changes and renewals between creation and the anchor, then the final status. */
function playHistory(prng: Prng, sub: Subscription, product: Product, anchorMs: number, status: SubscriptionStatus): void {
  const span = anchorMs - sub.createdAt;
  const changes = product.usageBased ? [] : Array.from({ length: prng.int(0, 3) }, () => sub.createdAt + Math.floor(prng.next() * span)).sort((a, b) => a - b);
  for (const at of changes) {
    advanceSubscription(sub, at);
    const withinWindow = at - sub.state.startAt <= 168 * HOUR_MS;
    const canDecrease = sub.commitmentId === undefined || withinWindow;
    const delta = canDecrease && prng.chance(0.4) ? -prng.int(1, Math.max(1, Math.floor(sub.state.quantity / 3))) : prng.int(1, 5);
    const quantity = Math.max(1, sub.state.quantity + delta);
    if (quantity !== sub.state.quantity) applyChange(sub, at, { quantity });
  }
  const last = sub.state.at;
  if (status === 'Cancelled') {
    const at = last + Math.floor(prng.next() * (anchorMs - DAY_MS - last));
    advanceSubscription(sub, at);
    applyChange(sub, at, { status: 'Cancelled', endAt: at });
    return;
  }
  advanceSubscription(sub, anchorMs - 2 * DAY_MS);
  if (status === 'PendingCancel') {
    applyChange(sub, Math.max(sub.state.at, anchorMs - prng.int(1, 2) * DAY_MS), { status: 'PendingCancel', endAt: anchorMs + prng.int(1, 20) * DAY_MS });
  } else if (status !== 'Active') {
    applyChange(sub, Math.max(sub.state.at, anchorMs - 3 * DAY_MS), { status });
  }
  advanceSubscription(sub, anchorMs);
}

/** About ten subscriptions per Active company on average; Inactive companies hold a few old ones. All in the account's currency. */
export function seedSubscriptions(prng: Prng, companies: readonly Company[], products: readonly Product[], anchorMs: number, currencyCode: string): Subscription[] {
  const weights = products.filter((p) => p.requiresProductIds.length === 0).map((p) => [p, p.weight] as const);
  const addOns = products.filter((p) => p.requiresProductIds.length > 0);
  const subs: Subscription[] = [];
  for (const company of companies) {
    const active = company.status === 'Active';
    const count = active ? prng.int(1, 19) : prng.int(0, 2);
    const own: Subscription[] = [];
    for (let i = 0; i < count; i++) {
      const status = active ? prng.weighted(finalStatuses) : 'Cancelled';
      const sub = seedOne(prng, company, prng.weighted(weights), anchorMs, status, currencyCode);
      own.push(sub);
    }
    for (const addOn of addOns) {
      const parent = own.find((s) => addOn.requiresProductIds.includes(s.productId) && s.state.status === 'Active');
      if (!parent || !prng.chance(0.5)) continue;
      const sub = seedOne(prng, company, addOn, anchorMs, 'Active', currencyCode);
      sub.parentSubscriptionId = parent.id;
      own.push(sub);
    }
    subs.push(...own);
  }
  return subs;
}
