import { type StepRecord, type StepState, stepsOf } from './step-definition.ts';

/**
 * The steps of a request as recorded on it (`result.steps`), one per step of its kind in order:
 * what the card shows as done / waiting / not done. A step the kind has but the record lacks (a
 * request opened before the kind grew) is `pending`.
 */
export function progressOf(steps: readonly { readonly id: string; readonly title: string }[], result: unknown): StepRecord[] {
  const recorded = new Map((stepsOf(result) ?? []).map((s) => [s.id, s]));
  return steps.map((step) => recorded.get(step.id) ?? { id: step.id, title: step.title, state: 'pending', summary: null, at: null, since: null, result: null });
}

/** The steps with step `index` moved to `state`; a waiting step keeps when it started waiting. */
export function markStep(steps: readonly StepRecord[], index: number, state: StepState, summary: string, at: Date, result?: Record<string, unknown>): StepRecord[] {
  return steps.map((s, i) => {
    if (i !== index) return s;
    const since = state === 'waiting' ? (s.since ?? at.toISOString()) : null;
    return { ...s, state, summary, at: at.toISOString(), since, result: result ?? s.result };
  });
}

/** The request's result with its steps (and any other fields it had, and `extra`). */
export function resultWith(result: unknown, steps: readonly StepRecord[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const base = typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {};
  return { ...base, ...extra, steps };
}

/** "Done: Seat at Pax8, Create the user. Not done: Assign the licence, Manager." */
export function stepFacts(steps: readonly StepRecord[]): string {
  const done = steps.filter((s) => s.state === 'done').map((s) => s.title);
  const notDone = steps.filter((s) => s.state !== 'done').map((s) => s.title);
  return [done.length > 0 ? `Done: ${done.join(', ')}.` : 'Nothing was done.', notDone.length > 0 ? `Not done: ${notDone.join(', ')}.` : ''].filter((t) => t !== '').join(' ');
}

/** The done steps' summaries, for the request's reason once every step is done. */
export function stepsDoneText(steps: readonly StepRecord[]): string {
  return steps.map((s) => s.summary ?? s.title).join('; ');
}

/** True once any step of the request has been done: it can no longer be withdrawn as if nothing had happened. */
export function anyStepDone(result: unknown): boolean {
  return (stepsOf(result) ?? []).some((s) => s.state === 'done');
}
