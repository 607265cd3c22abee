/**
 * The steps of an offboarding, each planned from what it reads when it runs and settled by reading
 * when its answer is lost: sign-in (`accountEnabled`), sessions (`signInSessionsValidFromDateTime`),
 * licences (`licenseAssignmentStates`), and each seat release — a `seats` request of its own,
 * opened once per subscription and approved with this one, which the engine runs now or keeps
 * scheduled for the renewal window across restarts.
 */
import { z } from 'zod';
import { GraphHttpError, type GraphUser } from '../../microsoft/index.ts';
import { shortId } from '../../views/format.ts';
import type { StepContext, StepDefinition, StepPlan } from '../step-definition.ts';
import type { OffboardPayload, SeatRelease } from './offboard-payload.ts';

type Step = StepDefinition<OffboardPayload>;

/** The user as the steps read it, or why there is nothing to act on. */
async function readUser(p: OffboardPayload, ctx: StepContext): Promise<GraphUser | { readonly gone: string }> {
  try {
    return await ctx.graph(p.tenantId).users.get(p.userId, { select: ['id', 'accountEnabled', 'signInSessionsValidFromDateTime', 'licenseAssignmentStates'] });
  } catch (error) {
    if (error instanceof GraphHttpError && error.reason === 'not_found') return { gone: `${p.upn} no longer exists in the tenant` };
    throw error;
  }
}

export const blockSignInStep: Step = {
  id: 'block-sign-in',
  title: 'Block sign-in',
  async plan(p, ctx): Promise<StepPlan> {
    const user = await readUser(p, ctx);
    if ('gone' in user) return { action: 'stop', reason: user.gone };
    if (user.accountEnabled === false) return { action: 'done', summary: 'sign-in is blocked' };
    return { action: 'write', write: { operation: `PATCH /users/${p.userId}`, body: { accountEnabled: false }, summary: 'sign-in blocked' } };
  },
  async execute(p, _write, ctx) {
    await ctx.graph(p.tenantId).users.update(p.userId, { accountEnabled: false });
    return { summary: 'sign-in blocked' };
  },
  async resolve(p, _attempt, ctx) {
    const user = await readUser(p, ctx);
    if ('gone' in user) return { outcome: 'failed', detail: user.gone };
    return user.accountEnabled === false ? { outcome: 'succeeded', detail: 'Microsoft shows sign-in blocked' } : { outcome: 'failed', detail: 'sign-in is still enabled: the block was not applied' };
  },
};

/** Sessions count as revoked when their valid-from time is at or after `since` (less a minute for clock skew). */
function revokedSince(user: GraphUser, since: string): boolean {
  const at = Date.parse(user.signInSessionsValidFromDateTime ?? '');
  return Number.isFinite(at) && at >= Date.parse(since) - 60_000;
}

export const revokeSessionsStep: Step = {
  id: 'revoke-sessions',
  title: 'Revoke sessions',
  async plan(p, ctx) {
    const user = await readUser(p, ctx);
    if ('gone' in user) return { action: 'stop', reason: user.gone };
    if (revokedSince(user, p.askedAt)) return { action: 'done', summary: `sessions revoked at ${user.signInSessionsValidFromDateTime ?? ''}` };
    return { action: 'write', write: { operation: `POST /users/${p.userId}/revokeSignInSessions`, body: {}, summary: 'sessions revoked' } };
  },
  async execute(p, _write, ctx) {
    await ctx.graph(p.tenantId).users.revokeSessions(p.userId);
    return { summary: 'sessions revoked' };
  },
  async resolve(p, attempt, ctx) {
    const user = await readUser(p, ctx);
    if ('gone' in user) return { outcome: 'failed', detail: user.gone };
    return revokedSince(user, attempt.sentAt.toISOString()) ? { outcome: 'succeeded', detail: 'Microsoft shows the sessions revoked' } : { outcome: 'failed', detail: 'the sessions were not revoked' };
  },
};

/** The skuIds the user holds directly (not only through a group), lower case. */
function directSkus(user: GraphUser): Set<string> {
  return new Set((user.licenseAssignmentStates ?? []).filter((s) => !s.assignedByGroup && s.skuId).map((s) => (s.skuId ?? '').toLowerCase()));
}

const removeBasisSchema = z.object({ skuIds: z.array(z.string()) });

export const removeLicencesStep: Step = {
  id: 'remove-licences',
  title: 'Remove licences',
  async plan(p, ctx) {
    const user = await readUser(p, ctx);
    if ('gone' in user) return { action: 'stop', reason: user.gone };
    const held = directSkus(user);
    const still = p.removeSkuIds.filter((s) => held.has(s.toLowerCase()));
    if (still.length === 0) return { action: 'done', summary: 'no licence left to remove' };
    return {
      action: 'write',
      write: { operation: `POST /users/${p.userId}/assignLicense`, body: { addLicenses: [], removeLicenses: still }, basis: { skuIds: still }, summary: `${still.length} licence(s) removed` },
    };
  },
  async execute(p, write, ctx) {
    const { skuIds } = removeBasisSchema.parse(write.basis);
    await ctx.graph(p.tenantId).users.assignLicense(p.userId, { add: [], remove: skuIds });
    return { summary: `${skuIds.length} licence(s) removed` };
  },
  /** `licenseDetails` says whether the licences are gone: Graph's answer proves nothing once lost. */
  async resolve(p, attempt, ctx) {
    const basis = removeBasisSchema.safeParse(attempt.basis);
    const sent = basis.success ? basis.data.skuIds : p.removeSkuIds;
    const details = await ctx.graph(p.tenantId).users.licenseDetails(p.userId);
    const left = sent.filter((s) => details.some((d) => d.skuId.toLowerCase() === s.toLowerCase()));
    const user = await readUser(p, ctx);
    const direct = 'gone' in user ? new Set<string>() : directSkus(user);
    const stillDirect = left.filter((s) => direct.has(s.toLowerCase()));
    if (stillDirect.length === 0) return { outcome: 'succeeded', detail: `licenseDetails shows the ${sent.length} licence(s) removed` };
    return { outcome: 'failed', detail: `licenseDetails still shows ${stillDirect.length} of them: the removal was not applied` };
  },
};

/** The idempotency key of the seats request a release opens: one per offboarding and subscription. */
export const releaseKey = (requestId: string, subscriptionId: string): string => `offboard:${requestId}:release:${subscriptionId}`;

/**
 * Releasing one seat: the tenant must keep at least as many seats as it uses (read now); then a
 * `seats` request for −1 on the subscription is opened once (keyed on this request and the
 * subscription) and approved with this one. The engine runs it now, or schedules it for the window
 * after the renewal, where it reads the quantity again and survives restarts.
 */
export function releaseStep(release: SeatRelease): Step {
  return {
    id: `release-${release.subscriptionId}`,
    title: `Release a seat of ${release.productName}`,
    async plan(p, ctx) {
      const existing = await ctx.childRequest(releaseKey(ctx.requestId, release.subscriptionId));
      if (existing) return { action: 'done', summary: `seats request ${shortId(existing.id)}: ${existing.state}`, result: { childRequestId: existing.id } };
      const sku = (await ctx.graph(p.tenantId).subscribedSkus()).find((s) => s.skuId.toLowerCase() === release.skuId.toLowerCase());
      if (sku && sku.prepaidUnits.enabled - 1 < sku.consumedUnits) {
        return { action: 'done', summary: `seat kept: the tenant uses ${sku.consumedUnits} of ${sku.prepaidUnits.enabled} seats, and a release would leave fewer than it uses` };
      }
      return { action: 'write', write: { operation: `open seats request -1 on ${release.subscriptionId}`, body: { subscriptionId: release.subscriptionId, change: { mode: 'remove', amount: 1 } }, summary: 'seat release requested' } };
    },
    async execute(p, _write, ctx) {
      const child = await ctx.openChildRequest({
        kind: 'seats',
        idempotencyKey: releaseKey(ctx.requestId, release.subscriptionId),
        payload: {
          subscriptionId: release.subscriptionId,
          companyId: p.companyId,
          companyName: p.companyName,
          productName: release.productName,
          change: { mode: 'remove', amount: 1 },
          quotedQuantity: release.quotedQuantity,
          unitMonthlyCost: release.unitMonthlyCost,
          keepAssigned: { tenantId: p.tenantId, skuId: release.skuId },
        },
        summary: `-1 seat on ${release.productName}${p.companyName ? ` for ${p.companyName}` : ''}, released by offboarding ${p.upn}`,
        monthlyCostDelta: -release.unitMonthlyCost,
        atRenewal: release.atRenewal,
      });
      return { summary: `seats request ${shortId(child.id)}: ${child.state}`, result: { childRequestId: child.id }, evidence: `child:${child.id}` };
    },
    async resolve(_p, _attempt, ctx) {
      const child = await ctx.childRequest(releaseKey(ctx.requestId, release.subscriptionId));
      return child
        ? { outcome: 'succeeded', detail: `seats request ${shortId(child.id)} is open (${child.state})`, result: { childRequestId: child.id } }
        : { outcome: 'failed', detail: 'no seats request was opened' };
    },
  };
}

/** The steps of one offboarding, in order. */
export function offboardSteps(p: OffboardPayload): Step[] {
  return [...(p.blockSignIn ? [blockSignInStep, revokeSessionsStep] : []), ...(p.removeSkuIds.length > 0 ? [removeLicencesStep] : []), ...p.releases.map(releaseStep)];
}
