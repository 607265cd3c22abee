import type { ApprovalRequest, RequestState } from '../store/approval-request.ts';
import type { StoreTables } from '../store/open-store.ts';
import { mayApprove, roleOf } from './approval-policy.ts';
import type { ApprovalEvent } from './approval-events.ts';
import { classifyWriteError } from './classify-write-error.ts';
import type { DecisionInput, DecisionResult } from './decision-result.ts';
import { type EngineContext, reread } from './engine-context.ts';
import { MicrosoftNotConnectedError } from './execute-steps.ts';
import { parseStoredPayload } from './kind-definition.ts';
import { temporaryPassword } from './kinds/temporary-password.ts';
import { type AccountWithoutPassword, type StepDefinition, type StepRecord, stepsOf } from './step-definition.ts';
import { resultWith } from './step-progress.ts';

/** The write log's step id of a new password: beside the request's steps, never one of them. */
export const newPasswordStep = 'new-password';

/** A new password is sent only for a request that is not running: its steps are settled. */
const settledStates: readonly RequestState[] = ['succeeded', 'failed'];

interface Claimed {
  readonly request: ApprovalRequest;
  readonly account: AccountWithoutPassword;
  readonly stepIndex: number;
  readonly attemptId: string;
  readonly clicker: string;
}

/**
 * "New password" (an onboarding whose user was found by reading after a lost answer, so its
 * temporary password is known to nobody): the requester or an approver has Microsoft give the user
 * a new temporary password, sent only to the requester privately.
 *
 * It is a write like any step's: in one transaction the click's version is checked (a double click
 * or a second copy of the card loses), the step is marked as sending (no other click goes on) and
 * the attempt is recorded; then it is sent once. A refusal changes nothing and says so; a lost
 * answer is never sent again automatically (Graph never shows a password, so reading cannot settle
 * it): the button stays, and whoever clicks again decides. The password reaches only the private
 * event; the audit says "new password … sent privately to <requester>".
 */
export async function sendNewPassword(ctx: EngineContext, input: DecisionInput): Promise<DecisionResult> {
  const claimed = await ctx.store.transaction((t) => claim(ctx, t, input));
  if (!('account' in claimed)) return claimed;
  const { request, account } = claimed;
  const password = temporaryPassword();
  try {
    if (!ctx.microsoft) throw new MicrosoftNotConnectedError();
    await ctx.microsoft.forTenant(account.tenantId).users.resetPassword(account.userId, password);
  } catch (error) {
    const verdict = classifyWriteError(error);
    ctx.log.warn({ requestId: request.id, outcome: verdict.kind, errorName: error instanceof Error ? error.name : typeof error }, 'a new password was not confirmed');
    await ctx.store.writes.recordResult({ attemptId: claimed.attemptId, outcome: verdict.kind, error: verdict.message, at: ctx.clock.now() });
    const after = await finish(ctx, claimed, { sent: false });
    const detail =
      verdict.kind === 'refused'
        ? `Microsoft refused the new password (${verdict.message}); nothing was changed.`
        : `Microsoft did not answer clearly (${verdict.message}): the password may have changed, but nobody knows the new one either way. Click "New password" again to send one.`;
    return { ok: false, reason: 'password_not_sent', detail, request: after.request, events: after.events };
  }
  await ctx.store.writes.recordResult({ attemptId: claimed.attemptId, outcome: 'ok', response: { summary: `new password for ${account.userPrincipalName}` }, at: ctx.clock.now() });
  const after = await finish(ctx, claimed, { sent: true });
  const note: ApprovalEvent = { type: 'private', request: after.request, title: `New temporary password for ${account.userPrincipalName}`, text: newPasswordText(account.userPrincipalName, password) };
  return { ok: true, outcome: 'password_sent', request: after.request, events: [...after.events, note] };
}

/** The private message with the new password: to the requester only. */
function newPasswordText(upn: string, password: string): string {
  return `${upn} now signs in with the new temporary password ${password} and must change it at first sign-in. This message is the only place it was sent; the earlier password no longer works.`;
}

async function claim(ctx: EngineContext, t: StoreTables, input: DecisionInput): Promise<DecisionResult | Claimed> {
  const request = await t.requests.get(input.requestId, { forUpdate: true });
  if (!request) return { ok: false, reason: 'not_found' };
  const email = input.actor.email.trim().toLowerCase();
  const isRequester = email === request.requester.email.trim().toLowerCase();
  if (!isRequester && !mayApprove(ctx.policy, email)) return { ok: false, reason: 'requester_or_approver_only', request };
  const def = ctx.kinds.get(request.kind);
  const now = ctx.clock.now();
  const steps = stepsOf(request.result) ?? [];
  const payload = def?.steps ? parseStoredPayload(def, request) : undefined;
  const found = def?.steps ? findAccount(def.steps(payload), payload, steps, now.getTime() - ctx.leaseMs) : undefined;
  if (!found) return { ok: false, reason: 'no_password_to_send', request };
  if (!settledStates.includes(request.state)) return { ok: false, reason: 'still_running', request };
  if (input.version !== undefined && input.version !== request.version) return { ok: false, reason: 'stale_version', request };
  const marked = steps.map((s, i) => (i === found.index ? { ...s, result: { ...s.result, newPassword: 'sending', newPasswordSince: now.toISOString() } } : s));
  const moved = await t.requests.transition({ id: request.id, from: [request.state], to: request.state, version: request.version, now, patch: { result: resultWith(request.result, marked) } });
  if (!moved) return { ok: false, reason: 'stale_version', request };
  const attemptId = ctx.newId();
  const sent = { passwordProfile: { password: '(generated when sent; sent privately to the requester)', forceChangePasswordNextSignIn: true } };
  const recorded = await t.writes.recordAttempt({
    attemptId, requestId: request.id, version: moved.version, operation: `PATCH /users/${found.account.userId}`, sent, step: newPasswordStep, at: now, states: [moved.state],
    basis: { summary: `new password for ${found.account.userPrincipalName}` },
  });
  if (!recorded) return { ok: false, reason: 'stale_version', request: moved };
  const clicker = input.actor.displayName?.trim() || email;
  await t.audit.append({
    requestId: request.id, at: now, action: 'new_password', actorEmail: email, role: isRequester && !mayApprove(ctx.policy, email) ? 'requester' : (roleOf(ctx.policy, email) ?? 'unknown'),
    platform: input.actor.platform ?? input.channel?.platform, channel: input.channel?.id, fromState: request.state, toState: request.state,
    reason: `${clicker} asked for a new password for ${found.account.userPrincipalName}`,
  });
  return { request: moved, account: found.account, stepIndex: found.index, attemptId, clicker };
}

/** The step whose account has no known password; a "sending" mark older than a lease is a send that died. */
function findAccount(definitions: readonly StepDefinition[], payload: unknown, steps: readonly StepRecord[], staleBefore: number) {
  for (const [index, record] of steps.entries()) {
    const def = definitions.find((d) => d.id === record.id);
    if (!def?.accountWithoutPassword || record.state !== 'done') continue;
    const since = typeof record.result?.newPasswordSince === 'string' ? Date.parse(record.result.newPasswordSince) : Number.NaN;
    const result = record.result?.newPassword === 'sending' && since < staleBefore ? { ...record.result, newPassword: 'unknown' } : record.result;
    const account = def.accountWithoutPassword(payload, { ...record, result });
    if (account) return { index, account };
  }
  return undefined;
}

/** Clears the "sending" mark (and, once sent, says so on the card), audits a sent password, and updates every card. */
async function finish(ctx: EngineContext, c: Claimed, o: { sent: boolean }): Promise<{ request: ApprovalRequest; events: ApprovalEvent[] }> {
  const now = ctx.clock.now();
  const moved = await ctx.store.transaction(async (t) => {
    const current = await t.requests.get(c.request.id, { forUpdate: true });
    if (!current) return undefined;
    const steps = (stepsOf(current.result) ?? []).map((s, i) => {
      if (i !== c.stepIndex) return s;
      const { newPassword: _sending, newPasswordSince: _since, ...rest } = s.result ?? {};
      if (!o.sent) return { ...s, result: rest };
      const summary = `${s.summary ?? ''}`.replace(/: its temporary password is not known; use "New password" to send one$/, '');
      return { ...s, summary: `${summary}; a new temporary password was sent privately to the requester`, result: { ...rest, passwordSent: true } };
    });
    const after = await t.requests.transition({ id: current.id, from: [current.state], to: current.state, version: current.version, now, patch: { result: resultWith(current.result, steps) } });
    if (after && o.sent) {
      await t.audit.append({
        requestId: after.id, at: now, action: 'private_note', actorEmail: 'system', role: 'system', fromState: after.state, toState: after.state,
        reason: `new password for ${c.account.userPrincipalName} sent privately to ${after.requester.email} (asked by ${c.clicker})`,
      });
    }
    return after;
  });
  if (!moved) return { request: await reread(ctx, c.request), events: [] };
  return { request: moved, events: [{ type: 'updated', request: moved }] };
}

/**
 * A "New password" whose process stopped between marking the step as sending and recording
 * Microsoft's answer leaves the mark, and every card without its button. Once the mark is older than
 * the lease, recovery records the attempt as unknown (the password may have changed, and nobody knows
 * it), clears the mark and says so in the audit, so the button is back for a person to decide. It is
 * never sent again by itself.
 */
export async function releaseStalePasswordSends(ctx: EngineContext): Promise<ApprovalEvent[]> {
  const now = ctx.clock.now();
  const staleBefore = now.getTime() - ctx.leaseMs;
  const events: ApprovalEvent[] = [];
  for (const stale of await ctx.store.requests.listSendingPasswords(new Date(staleBefore - 7 * 86_400_000), new Date(staleBefore))) {
    const moved = await ctx.store.transaction(async (t) => {
      const current = await t.requests.get(stale.id, { forUpdate: true });
      if (!current) return undefined;
      const def = ctx.kinds.get(current.kind);
      const payload = def?.steps ? parseStoredPayload(def, current) : undefined;
      const definitions = def?.steps ? def.steps(payload) : [];
      const upns: string[] = [];
      const steps = (stepsOf(current.result) ?? []).map((s) => {
        const since = typeof s.result?.newPasswordSince === 'string' ? Date.parse(s.result.newPasswordSince) : Number.NaN;
        if (s.result?.newPassword !== 'sending' || !(since < staleBefore)) return s;
        const { newPassword: _sending, newPasswordSince: _since, ...rest } = s.result;
        const cleared = { ...s, result: rest };
        upns.push(definitions.find((d) => d.id === s.id)?.accountWithoutPassword?.(payload, cleared)?.userPrincipalName ?? 'the user');
        return cleared;
      });
      if (upns.length === 0) return undefined;
      const why = 'the bot stopped before Microsoft answered: the password may have changed, and nobody knows it';
      for (const attempt of await t.writes.forRequest(current.id)) {
        if (attempt.step === newPasswordStep && attempt.outcome === 'sending') await t.writes.recordResult({ attemptId: attempt.attemptId, outcome: 'unknown', error: why, at: now });
      }
      const after = await t.requests.transition({ id: current.id, from: [current.state], to: current.state, version: current.version, now, patch: { result: resultWith(current.result, steps) } });
      if (after) {
        await t.audit.append({
          requestId: after.id, at: now, action: 'new_password', actorEmail: 'system', role: 'system', fromState: after.state, toState: after.state,
          reason: `new password for ${upns.join(', ')} not confirmed: ${why}; "New password" sends another`,
        });
      }
      return after;
    });
    if (!moved) continue;
    ctx.log.warn({ requestId: moved.id }, 'a new password was being sent when the process stopped; its outcome is unknown and the button is back');
    events.push({ type: 'updated', request: moved });
  }
  return events;
}
