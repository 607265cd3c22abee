import { AppError } from '../errors.ts';
import type { ApprovalRequest } from '../store/approval-request.ts';
import type { WriteAttempt } from '../store/pax8-write-store.ts';
import type { ApprovalEvent } from './approval-events.ts';
import { classifyWriteError, isPassingReadError } from './classify-write-error.ts';
import { type EngineContext, move, reread, systemActor } from './engine-context.ts';
import { retryLater, settleOwned, type ExecutionReport } from './execute-request.ts';
import type { PlannedWrite, SteppedKindDefinition } from './kind-definition.ts';
import { markStep, progressOf, resultWith, stepFacts, stepsDoneText } from './step-progress.ts';
import type { PrivateNote, StepContext, StepDefinition, StepRecord } from './step-definition.ts';
import { childRequests } from './open-child-request.ts';
import { withTarget } from './target-lock.ts';

/** A step needs Graph but the bot has no Microsoft credentials: the step stops with this message. */
export class MicrosoftNotConnectedError extends AppError {
  readonly code = 'invalid_input';
  constructor() {
    super('Microsoft 365 is not connected (MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET are not set), so this step cannot run');
  }
}

/** What one step's turn ended with: go on to the next step, or the request was settled (stopped, waiting, uncertain). */
type StepTurn = { readonly next: true; readonly steps: StepRecord[] } | { readonly next: false; readonly report: ExecutionReport };

interface Run {
  readonly ctx: EngineContext;
  readonly def: SteppedKindDefinition;
  readonly payload: unknown;
  readonly executing: ApprovalRequest;
  readonly wasScheduled: boolean;
  attempts: readonly WriteAttempt[];
  readonly notes: PrivateNote[];
  /** What the requests a step opened caused (their cards are posted when they are opened). */
  readonly childEvents: ApprovalEvent[];
  /** Pax8 ids the steps made or touched so far (from the write log, then this run). */
  readonly pax8Ids: Set<string>;
}

/**
 * Runs the steps of an approved multi-step request that are not done yet, in order, holding the
 * request's target. Claims the request by CAS (`approved|scheduled → executing`: only one replica
 * or click goes on), then for each step: a step whose last attempt was answered is taken as it was
 * recorded; otherwise it reads the state now and plans, records the attempt before sending (refused
 * if a recovery took the request over), sends once and records the answer, and keeps the step's
 * outcome on the request (`result.steps`, what every card shows). A refusal or a `stop` ends the
 * request `failed` with its done steps kept; a lost answer makes it `unknown` for the resolver; a
 * `wait` makes it `scheduled` until the step's time. Private notes reach the requester at the end.
 */
export async function executeStepsHoldingTarget(ctx: EngineContext, def: SteppedKindDefinition, payload: unknown, request: ApprovalRequest): Promise<ExecutionReport> {
  const now = ctx.clock.now();
  const claimed = await move(ctx, { request, to: 'executing', actor: systemActor, patch: { executingSince: now, executor: ctx.instanceId } });
  if (!claimed) return { request: await reread(ctx, request), events: [] };
  const run: Run = {
    ctx,
    def,
    payload,
    executing: claimed.request,
    wasScheduled: request.state === 'scheduled',
    attempts: [],
    notes: [],
    childEvents: [],
    pax8Ids: new Set(claimed.request.pax8Ids),
  };
  const attempts = await ctx.store.writes.forRequest(request.id);
  run.attempts = attempts;
  for (const a of attempts) for (const id of recordedPax8Ids(a)) run.pax8Ids.add(id);
  let steps = progressOf(def.steps(payload), claimed.request.result);
  const report = await (async (): Promise<ExecutionReport> => {
    for (const [index, step] of def.steps(payload).entries()) {
      if (steps[index]?.state === 'done') continue;
      const key = step.target?.(payload);
      const turn = key
        ? await withTarget(ctx, key, request.id, () => runStep(run, step, index, steps))
        : { ran: true as const, value: await runStep(run, step, index, steps) };
      if (!turn.ran) {
        await saveSteps(run, steps);
        return retryLater(ctx, run.executing, run.wasScheduled ? 'scheduled' : 'approved', `"${step.title}" waits for another change of the same item to finish`);
      }
      if (!turn.value.next) return turn.value.report;
      steps = turn.value.steps;
      await saveSteps(run, steps);
    }
    const done = stepsDoneText(steps);
    return settleOwned(ctx, run.executing, { to: 'succeeded', reason: done, patch: { executor: null, pax8Ids: [...run.pax8Ids], result: resultWith(run.executing.result, steps, { summary: done, ranAt: now.toISOString() }) } });
  })();
  return withNotes(run, { request: report.request, events: [claimed.event, ...run.childEvents, ...report.events] });
}

async function runStep(run: Run, step: StepDefinition, index: number, steps: StepRecord[]): Promise<StepTurn> {
  const { ctx, payload, executing } = run;
  const now = ctx.clock.now();
  const last = run.attempts.filter((a) => a.step === step.id).at(-1);
  if (last?.outcome === 'ok') return { next: true, steps: markStep(steps, index, 'done', recordedSummary(last), now, recordedResult(last)) };
  if (last && (last.outcome === 'sending' || last.outcome === 'unknown')) {
    // An answer was lost before: settled by reading (the resolver), never by sending again.
    const marked = markStep(steps, index, 'unknown', 'its answer was lost; checking by reading', now);
    return stopWith(run, marked, { to: 'unknown', reason: `"${step.title}" did not answer clearly; checking by reading whether it happened` });
  }
  const sctx = stepContext(run, index, steps, now);
  let plan;
  try {
    plan = await step.plan(payload, sctx);
  } catch (error) {
    if (isPassingReadError(error)) {
      await saveSteps(run, steps);
      const after = await retryLater(ctx, executing, run.wasScheduled ? 'scheduled' : 'approved', `could not read before "${step.title}" (${messageOf(error)}); nothing was sent`);
      return { next: false, report: after };
    }
    return fail(run, steps, index, step, `could not read what it needs (${classifyWriteError(error).message})`, now);
  }
  if (plan.action === 'done') return { next: true, steps: markStep(steps, index, 'done', plan.summary, now, plan.result) };
  if (plan.action === 'stop') return fail(run, steps, index, step, plan.reason, now);
  if (plan.action === 'wait') {
    const waiting = markStep(steps, index, 'waiting', plan.summary, now);
    return stopWith(run, waiting, { to: 'scheduled', reason: plan.summary, patch: { runAt: plan.until }, executeAt: plan.until });
  }
  return sendStep(run, step, index, steps, plan.write, sctx);
}

async function sendStep(run: Run, step: StepDefinition, index: number, steps: StepRecord[], planned: PlannedWrite, sctx: StepContext): Promise<StepTurn> {
  const { ctx, executing, payload } = run;
  const now = sctx.now;
  const attemptId = ctx.newId();
  const basis = { ...(typeof planned.basis === 'object' && planned.basis !== null ? planned.basis : {}), summary: planned.summary };
  const owned = await ctx.store.transaction((t) =>
    t.writes.recordAttempt({ attemptId, requestId: executing.id, version: executing.version, operation: planned.operation, sent: planned.body, basis, step: step.id, at: now }),
  );
  if (!owned) return { next: false, report: { request: await reread(ctx, executing), events: [] } };
  const notes: PrivateNote[] = [];
  try {
    const result = await step.execute(payload, planned, { ...sctx, tellRequester: (note) => notes.push(note) });
    const at = ctx.clock.now();
    const summary = result.summary ?? planned.summary;
    await ctx.store.writes.recordResult({ attemptId, outcome: 'ok', response: { summary, result: result.result ?? null, pax8Ids: result.pax8Ids ?? [] }, evidence: result.evidence, at });
    run.notes.push(...notes);
    for (const id of result.pax8Ids ?? []) run.pax8Ids.add(id);
    return { next: true, steps: markStep(steps, index, 'done', summary, at, result.result) };
  } catch (error) {
    const at = ctx.clock.now();
    const verdict = classifyWriteError(error);
    await ctx.store.writes.recordResult({ attemptId, outcome: verdict.kind, error: verdict.message, at });
    if (verdict.kind === 'unknown') {
      ctx.log.warn({ requestId: executing.id, step: step.id, err: error }, 'step outcome unknown; will resolve by reading');
      const marked = markStep(steps, index, 'unknown', `no clear answer (${verdict.message}); checking by reading`, at);
      return stopWith(run, marked, { to: 'unknown', reason: `"${step.title}" did not answer clearly (${verdict.message}); checking by reading whether it happened` });
    }
    return fail(run, steps, index, step, `refused: ${verdict.message}`, at);
  }
}

/** The step failed: the request ends `failed`, its done steps kept on the card for Resume. */
function fail(run: Run, steps: StepRecord[], index: number, step: StepDefinition, why: string, at: Date): Promise<StepTurn> {
  const marked = markStep(steps, index, 'failed', why, at);
  const note = step.failureNote?.(run.payload, Object.fromEntries(steps.slice(0, index).map((s) => [s.id, s])));
  return stopWith(run, marked, { to: 'failed', reason: `Stopped at "${step.title}": ${why}. ${stepFacts(marked)}${note ? ` ${note}` : ''}` });
}

async function stopWith(run: Run, steps: StepRecord[], s: { to: 'failed' | 'unknown' | 'scheduled'; reason: string; patch?: { runAt?: Date }; executeAt?: Date }): Promise<StepTurn> {
  const after = await settleOwned(run.ctx, run.executing, {
    to: s.to,
    reason: s.reason,
    patch: { ...(s.to === 'unknown' ? {} : { executor: null }), ...s.patch, pax8Ids: [...run.pax8Ids], result: resultWith(run.executing.result, steps) },
    ...(s.executeAt ? { executeAt: s.executeAt } : {}),
  });
  return { next: false, report: after };
}

function stepContext(run: Run, index: number, steps: readonly StepRecord[], now: Date): StepContext {
  const { ctx, executing } = run;
  const since = steps[index]?.since;
  return {
    pax8: ctx.pax8.get(executing.account),
    now,
    requestId: executing.id,
    earlier: Object.fromEntries(steps.slice(0, index).map((s) => [s.id, s])),
    waitingSince: since ? new Date(since) : undefined,
    graph: (tenantId) => {
      if (!ctx.microsoft) throw new MicrosoftNotConnectedError();
      return ctx.microsoft.forTenant(tenantId);
    },
    tellRequester: (note) => run.notes.push(note),
    ...childRequests(ctx, executing, { mayOpen: true, events: run.childEvents }),
  };
}

async function saveSteps(run: Run, steps: StepRecord[]): Promise<void> {
  await run.ctx.store.requests.recordResult({ id: run.executing.id, result: resultWith(run.executing.result, steps), now: run.ctx.clock.now() });
}

function recordedSummary(attempt: WriteAttempt): string {
  const response = attempt.response as { summary?: unknown } | undefined;
  const basis = attempt.basis as { summary?: unknown } | undefined;
  return typeof response?.summary === 'string' ? response.summary : typeof basis?.summary === 'string' ? basis.summary : 'done';
}

function recordedPax8Ids(attempt: WriteAttempt): string[] {
  if (attempt.outcome !== 'ok') return [];
  const ids = (attempt.response as { pax8Ids?: unknown } | undefined)?.pax8Ids;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

function recordedResult(attempt: WriteAttempt): Record<string, unknown> | undefined {
  const result = (attempt.response as { result?: unknown } | undefined)?.result;
  return typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : undefined;
}

/**
 * Sends the requester's private notes collected during the run: one event each (the delivery
 * sends it privately), and an audit entry that says a note was sent, never what it said.
 */
export async function withNotes(run: Pick<Run, 'ctx' | 'notes'>, report: ExecutionReport): Promise<ExecutionReport> {
  if (run.notes.length === 0) return report;
  const events: ApprovalEvent[] = [];
  const at = run.ctx.clock.now();
  for (const note of run.notes) {
    await run.ctx.store.audit.append({
      requestId: report.request.id, at, action: 'private_note', actorEmail: systemActor.email, role: systemActor.role,
      reason: `${note.title}: sent privately to ${report.request.requester.email}`, fromState: report.request.state, toState: report.request.state,
    });
    events.push({ type: 'private', request: report.request, title: note.title, text: note.text });
  }
  return { request: report.request, events: [...report.events, ...events] };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
