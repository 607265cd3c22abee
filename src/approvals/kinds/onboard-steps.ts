import { GraphHttpError } from '../../microsoft/index.ts';
import type { GraphClient } from '../../microsoft/index.ts';
import { parsePax8Date } from '../../pax8/schemas/common.ts';
import { isClosedSubscription } from '../../pax8/schemas/subscription.ts';
import { dateTime } from '../../views/format.ts';
import { passwordUnknown, type StepContext, type StepDefinition, type StepPlan, type StepRecord } from '../step-definition.ts';
import type { OnboardPayload } from './onboard-kind.ts';
import { type BuyPayload, buyKind } from './buy-kind.ts';
import { seatsKind } from './seats-kind.ts';
import { temporaryPassword } from './temporary-password.ts';
import { historyEvidence } from './write-evidence.ts';

const minuteMs = 60_000;
/** How long the request waits for Microsoft to show a seat bought at Pax8, and how often it looks. */
export const seatWaitMs = 2 * 60 * minuteMs;
const seatPollMs = minuteMs;
/** The usage-location refusal right after a user is created is retried this often, this far apart (GRAPH-NOTES). */
const usageLocationTries = 3;
const usageLocationPauseMs = 1_000;

type P = OnboardPayload;

function tenantOf(p: P): string {
  if (!p.tenantId) throw new Error('this onboarding request has no linked tenant');
  return p.tenantId;
}

/** Free seats of the request's SKU in the tenant now (0 when the tenant does not have it). */
async function freeSeats(graph: GraphClient, skuId: string): Promise<number> {
  const sku = (await graph.subscribedSkus()).find((s) => s.skuId.toLowerCase() === skuId.toLowerCase());
  return sku ? sku.prepaidUnits.enabled - sku.consumedUnits : 0;
}

const done = (summary: string, result?: Record<string, unknown>): StepPlan => ({ action: 'done', summary, ...(result ? { result } : {}) });

/** The start date: the request waits (`scheduled`) until that day, then runs. */
const startStep: StepDefinition<P> = {
  id: 'start',
  title: 'Start date',
  plan: (p, ctx) => {
    const start = p.startDate ? new Date(`${p.startDate}T00:00:00Z`) : undefined;
    if (start && ctx.now < start) return Promise.resolve({ action: 'wait', until: start, summary: `waits for the start date, ${p.startDate}` });
    return Promise.resolve(done(p.startDate ? `started on ${p.startDate}` : 'no start date: at once'));
  },
  execute: () => Promise.reject(new Error('the start date writes nothing')),
  resolve: () => Promise.reject(new Error('the start date writes nothing')),
};

/** The seats payload the seat step's Pax8 write is, so it is resolved exactly like a `+1` seat change. */
const plusOne = (p: P, subscriptionId: string) => ({ subscriptionId, companyId: p.companyId, change: { mode: 'add' as const, amount: 1 }, quotedQuantity: 0, unitMonthlyCost: 0 });

/** The `buy` payload of the seat step's new order, so it is planned, sent and settled exactly like a `buy`. */
function orderOf(p: P): BuyPayload | undefined {
  if (!p.seatOrder) return undefined;
  const { commitmentTermId, provisioningDetails, productName, ...order } = p.seatOrder;
  return {
    ...order,
    companyId: p.companyId,
    quantity: 1,
    ...(p.companyName ? { companyName: p.companyName } : {}),
    ...(productName ? { productName } : {}),
    ...(commitmentTermId ? { commitmentTermId } : {}),
    ...(provisioningDetails ? { provisioningDetails } : {}),
  };
}

/** The seat step's write is a new order (`POST /orders`) rather than one more seat on a subscription. */
const isOrder = (operation: string): boolean => operation.startsWith('POST /orders');

/**
 * (1) A seat at Pax8, only when none is free in the tenant *now* (or, without a tenant, when the
 * requester said none is): one more on the subscription chosen, or, when the company had none of the
 * SKU that could grow, a new order of one seat of the product that sells it.
 */
const seatStep: StepDefinition<P> = {
  id: 'seat',
  title: 'Seat at Pax8',
  target: (p) => (p.seatSubscription ? `subscription:${p.seatSubscription.id}` : p.seatOrder ? `orders:${p.companyId}` : undefined),
  async plan(p, ctx) {
    if (p.tenantId) {
      const free = await freeSeats(ctx.graph(p.tenantId), p.sku.skuId);
      if (free > 0) return done(`a seat of ${p.sku.name} is free (${free}); none bought`, { bought: false });
    } else if (p.seatFree) {
      return done('the requester said a seat is free; none bought', { bought: false });
    }
    const order = orderOf(p);
    if (order) return buyKind.plan(order, ctx);
    if (!p.seatSubscription) return { action: 'stop', reason: `no seat of ${p.sku.name} is free and the company has no Pax8 subscription of it to grow; buy one (buy ${p.companyName ?? p.companyId} …) and resume` };
    const sub = await ctx.pax8.subscriptions.get(p.seatSubscription.id);
    if (isClosedSubscription(sub)) return { action: 'stop', reason: `the Pax8 subscription ${p.seatSubscription.id} is ${String(sub.status)} now` };
    const current = sub.quantity ?? 0;
    return {
      action: 'write',
      write: { operation: `PUT /subscriptions/${sub.id}`, body: { quantity: current + 1 }, basis: { fromQuantity: current, toQuantity: current + 1 }, summary: `+1 seat on ${p.seatSubscription.productName}: ${current} → ${current + 1}` },
    };
  },
  async execute(p, write, ctx) {
    const order = orderOf(p);
    if (order && isOrder(write.operation)) {
      const placed = await buyKind.execute(order, write, ctx);
      return { ...placed, summary: `ordered 1 × ${order.productName ?? order.productId}`, result: { ...placed.result, bought: true, ordered: true } };
    }
    const id = p.seatSubscription?.id ?? '';
    const to = (write.body as { quantity: number }).quantity;
    const sub = await ctx.pax8.subscriptions.updateQuantity(id, to);
    const at = parsePax8Date(sub.updatedDate);
    return { result: { bought: true, subscriptionId: id }, pax8Ids: [id], ...(at ? { evidence: historyEvidence(id, at, sub.quantity ?? to) } : {}) };
  },
  async resolve(p, attempt, ctx) {
    const order = orderOf(p);
    if (order && isOrder(attempt.operation)) {
      const verdict = await buyKind.resolve(order, attempt, ctx);
      return verdict.outcome === 'succeeded' ? { ...verdict, result: { bought: true, ordered: true, orderId: verdict.evidence.replace(/^order:/, '') } } : verdict;
    }
    const id = p.seatSubscription?.id ?? '';
    const verdict = await seatsKind.resolve(plusOne(p, id), attempt, ctx);
    return verdict.outcome === 'succeeded' ? { ...verdict, result: { bought: true, subscriptionId: id } } : verdict;
  },
};

/** (2) Microsoft shows the seat: bounded, the card says "waiting for Microsoft". */
const waitSeatStep: StepDefinition<P> = {
  id: 'wait-seat',
  title: 'Seat in the tenant',
  async plan(p, ctx) {
    const free = await freeSeats(ctx.graph(tenantOf(p)), p.sku.skuId);
    if (free > 0) return done(`Microsoft shows ${free} free seat(s) of ${p.sku.name}`);
    if (ctx.waitingSince && ctx.now.getTime() - ctx.waitingSince.getTime() >= seatWaitMs) {
      return { action: 'stop', reason: `Microsoft still shows no free seat of ${p.sku.name} two hours after the seat was bought; check the subscription in Pax8 and the tenant, then resume` };
    }
    return { action: 'wait', until: new Date(ctx.now.getTime() + seatPollMs), summary: `waiting for Microsoft to show a free seat of ${p.sku.name}` };
  },
  execute: () => Promise.reject(new Error('waiting writes nothing')),
  resolve: () => Promise.reject(new Error('waiting writes nothing')),
};

/** Said when the user could not be created after a seat was bought for them. */
function seatBoughtNote(p: P, earlier: Readonly<Record<string, StepRecord>>): string | undefined {
  const seat = earlier.seat?.result;
  if (seat?.bought !== true) return undefined;
  const where = seat.ordered === true ? `order ${String(seat.orderId)}` : `subscription ${String(seat.subscriptionId)}`;
  return `A seat was bought at Pax8 for this user (${where}) and is now free: use it for someone else, or reduce the subscription.`;
}

/** (3) The user, created once: found by UPN when an answer was lost, never two. */
const createUserStep: StepDefinition<P> = {
  id: 'create-user',
  title: 'Create the user',
  failureNote: seatBoughtNote,
  accountWithoutPassword(p, record) {
    const userId = record.result?.userId;
    if (!p.tenantId || typeof userId !== 'string' || !passwordUnknown(record.result)) return undefined;
    return { tenantId: p.tenantId, userId, userPrincipalName: p.user.userPrincipalName };
  },
  async plan(p, ctx) {
    const existing = await ctx.graph(tenantOf(p)).users.find(p.user.userPrincipalName);
    if (existing) return { action: 'stop', reason: `${p.user.userPrincipalName} exists already in the tenant (someone else created it); nothing was created` };
    const { firstName, lastName, ...u } = p.user;
    return {
      action: 'write',
      write: {
        operation: 'POST /users',
        // Recorded as sent, except the password: it is made when sending and only the requester ever sees it.
        body: { ...u, givenName: firstName, surname: lastName, accountEnabled: true, passwordProfile: { password: '(generated when sent; sent privately to the requester)', forceChangePasswordNextSignIn: true } },
        summary: `create ${p.user.userPrincipalName}`,
      },
    };
  },
  async execute(p, _write, ctx) {
    const password = temporaryPassword();
    const created = await ctx.graph(tenantOf(p)).users.create({
      accountEnabled: true,
      displayName: p.user.displayName,
      mailNickname: p.user.mailNickname,
      userPrincipalName: p.user.userPrincipalName,
      usageLocation: p.user.usageLocation,
      givenName: p.user.firstName,
      surname: p.user.lastName,
      passwordProfile: { password, forceChangePasswordNextSignIn: true },
    });
    ctx.tellRequester(passwordNote(p.user.userPrincipalName, password));
    return { summary: `created ${p.user.userPrincipalName}; the temporary password was sent privately to the requester`, result: { userId: created.id, passwordSent: true }, evidence: `graph-user:${tenantOf(p)}:${created.id}` };
  },
  async resolve(p, attempt, ctx) {
    const found = await ctx.graph(tenantOf(p)).users.find(p.user.userPrincipalName);
    if (found) {
      return {
        outcome: 'succeeded',
        detail: `found ${p.user.userPrincipalName} by reading (created, but its answer was lost): its temporary password is not known; use "New password" to send one`,
        result: { userId: found.id, passwordSent: false },
        evidence: `graph-user:${tenantOf(p)}:${found.id}`,
      };
    }
    if (ctx.now.getTime() - ctx.attemptEnd.getTime() >= ctx.settleAfterMs) return { outcome: 'failed', detail: `no user ${p.user.userPrincipalName} in the tenant ${dateTime(ctx.now.toISOString())}: it was not created` };
    return { outcome: 'still_unknown', detail: `no user ${p.user.userPrincipalName} in the tenant yet (Microsoft can take a moment); looking again` };
  },
};

/** The private message that carries a temporary password: to the requester only. */
export function passwordNote(upn: string, password: string): { title: string; text: string } {
  return { title: `Temporary password for ${upn}`, text: `${upn} can sign in with the temporary password ${password} and must change it at first sign-in. This message is the only place it was sent.` };
}

function userIdOf(ctx: StepContext): string {
  const id = ctx.earlier['create-user']?.result?.userId;
  if (typeof id !== 'string') throw new Error('the user was not created by this request');
  return id;
}

async function hasLicence(graph: GraphClient, userId: string, skuId: string): Promise<boolean> {
  return (await graph.users.licenseDetails(userId)).some((d) => d.skuId.toLowerCase() === skuId.toLowerCase());
}

/** (4) The licence; a usage-location refusal just after creation is tried again, briefly (nothing was changed by it). */
const licenceStep: StepDefinition<P> = {
  id: 'licence',
  title: 'Assign the licence',
  failureNote: seatBoughtNote,
  async plan(p, ctx) {
    const userId = userIdOf(ctx);
    if (await hasLicence(ctx.graph(tenantOf(p)), userId, p.sku.skuId)) return done(`${p.user.userPrincipalName} has ${p.sku.name} already`);
    return { action: 'write', write: { operation: `POST /users/${userId}/assignLicense`, body: { addLicenses: [{ skuId: p.sku.skuId, disabledPlans: [] }], removeLicenses: [] }, summary: `assign ${p.sku.name}` } };
  },
  async execute(p, _write, ctx) {
    const graph = ctx.graph(tenantOf(p));
    const userId = userIdOf(ctx);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await graph.users.assignLicense(userId, { add: [{ skuId: p.sku.skuId }] });
        return { summary: `assigned ${p.sku.name} to ${p.user.userPrincipalName}` };
      } catch (error) {
        const usageLocation = error instanceof GraphHttpError && error.reason === 'invalid_usage_location';
        if (!usageLocation || attempt >= usageLocationTries) throw error;
        await new Promise((resolve) => setTimeout(resolve, usageLocationPauseMs));
      }
    }
  },
  async resolve(p, _attempt, ctx) {
    if (await hasLicence(ctx.graph(tenantOf(p)), userIdOf(ctx), p.sku.skuId)) return { outcome: 'succeeded', detail: `licenseDetails shows ${p.sku.name}` };
    if (ctx.now.getTime() - ctx.attemptEnd.getTime() >= ctx.settleAfterMs) return { outcome: 'failed', detail: `licenseDetails does not show ${p.sku.name}: it was not assigned` };
    return { outcome: 'still_unknown', detail: `licenseDetails does not show ${p.sku.name} yet; looking again` };
  },
};

/** (5) The manager, when one was given. */
const managerStep: StepDefinition<P> = {
  id: 'manager',
  title: 'Manager',
  plan: (p) => {
    if (!p.manager) return Promise.resolve(done('no manager was asked for'));
    return Promise.resolve({ action: 'write', write: { operation: 'PUT /users/{id}/manager/$ref', body: { managerId: p.manager.id }, summary: `manager: ${p.manager.name}` } });
  },
  async execute(p, _write, ctx) {
    if (!p.manager) return { summary: 'no manager' };
    await ctx.graph(tenantOf(p)).users.setManager(userIdOf(ctx), p.manager.id);
    return { summary: `manager set to ${p.manager.name}` };
  },
  // Settled by reading the user's manager; setting it again is left to a person (Resume), never automatic.
  async resolve(p, _attempt, ctx) {
    if (!p.manager) return { outcome: 'succeeded', detail: 'no manager was asked for' };
    const manager = await ctx.graph(tenantOf(p)).users.manager(userIdOf(ctx));
    const wanted = p.manager.id.toLowerCase();
    if (manager && (manager.id.toLowerCase() === wanted || manager.userPrincipalName?.toLowerCase() === wanted)) {
      return { outcome: 'succeeded', detail: `Entra shows ${p.manager.name} as the manager of ${p.user.userPrincipalName}` };
    }
    const shown = manager ? `shows ${manager.displayName ?? manager.id} as the manager` : 'shows no manager';
    if (ctx.now.getTime() - ctx.attemptEnd.getTime() >= ctx.settleAfterMs) return { outcome: 'failed', detail: `Entra ${shown} of ${p.user.userPrincipalName}: the manager was not set` };
    return { outcome: 'still_unknown', detail: `Entra ${shown} of ${p.user.userPrincipalName} yet; looking again` };
  },
};

/** Without a linked tenant: what the technician does by hand, listed on the card once the seat is settled. */
const byHandStep: StepDefinition<P> = {
  id: 'by-hand',
  title: 'Left to do by hand',
  plan: (p) =>
    Promise.resolve(
      done(
        'a checklist went to the requester: ' +
        [`create ${p.user.userPrincipalName} (${p.user.displayName}, usage location ${p.user.usageLocation})`, `assign ${p.sku.name}`, ...(p.manager ? [`set the manager to ${p.manager.name}`] : []), 'send the temporary password privately'].join('; '),
      ),
    ),
  execute: () => Promise.reject(new Error('nothing is written for work done by hand')),
  resolve: () => Promise.reject(new Error('nothing is written for work done by hand')),
};

/** The steps of an onboarding request, in order. */
export function onboardSteps(p: P): StepDefinition<P>[] {
  if (!p.tenantId) return [startStep, seatStep, byHandStep];
  return [startStep, seatStep, waitSeatStep, createUserStep, licenceStep, managerStep];
}
