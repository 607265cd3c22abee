import { z } from 'zod';

/** Every state a request can be in; see DESIGN.md "Approval lifecycle". */
export const requestStates = [
  'pending',
  'approved',
  'scheduled',
  'executing',
  'succeeded',
  'failed',
  'unknown',
  'denied',
  'expired',
  'cancelled',
] as const;
export type RequestState = (typeof requestStates)[number];

/** States a request never leaves. */
export const finalStates: readonly RequestState[] = ['succeeded', 'failed', 'denied', 'expired', 'cancelled'];
/** States in which a request still waits for people or the bot (`failed` can be resumed, but by a person). */
export const openStates: readonly RequestState[] = requestStates.filter((s) => !finalStates.includes(s));

const personSchema = z.object({
  email: z.string(),
  platform: z.string(),
  userId: z.string(),
  displayName: z.string(),
});
/** Who asked: the e-mail is the identity both platforms share, the rest is for display and DMs. */
export type Person = z.infer<typeof personSchema>;

const channelSchema = z.object({ platform: z.string(), id: z.string() });
/** Where a request was made or a decision clicked. */
export type ChannelRef = z.infer<typeof channelSchema>;

const date = z.coerce.date();
const optionalDate = z.coerce.date().nullable().transform((d) => d ?? undefined);
const optionalText = z.string().nullable().transform((s) => s ?? undefined);

/**
 * A row of `approval_requests`, parsed with zod on the way out: JSON columns written by an older
 * version (or by hand) must not reach the engine unchecked. The payload stays `unknown` here; the
 * request's kind definition parses it.
 */
export const approvalRequestRowSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    payload: z.unknown(),
    preview: z.unknown().optional(),
    summary: z.string(),
    state: z.enum(requestStates),
    version: z.number().int(),
    requester: personSchema,
    channel: channelSchema.nullable().transform((c) => c ?? undefined),
    monthly_cost_delta: z.coerce.number(),
    idempotency_key: optionalText,
    at_renewal: z.boolean(),
    auto_approved: z.boolean(),
    created_at: date,
    updated_at: date,
    expires_at: date,
    run_at: optionalDate,
    window_end: optionalDate,
    executing_since: optionalDate,
    executor: optionalText,
    decided_by: optionalText,
    decided_at: optionalDate,
    reason: optionalText,
    pax8_ids: z.array(z.string()),
    result: z.unknown(),
    approved_by: z.array(z.string()),
    approvals_needed: z.number().int().min(1),
    account: z.string().nullable().optional(),
    people: z.record(z.string(), z.string()).nullable().optional(),
  })
  .transform((r) => ({
    id: r.id,
    kind: r.kind,
    payload: r.payload,
    preview: r.preview ?? undefined,
    summary: r.summary,
    state: r.state,
    version: r.version,
    requester: r.requester,
    channel: r.channel,
    monthlyCostDelta: r.monthly_cost_delta,
    idempotencyKey: r.idempotency_key,
    atRenewal: r.at_renewal,
    autoApproved: r.auto_approved,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    expiresAt: r.expires_at,
    runAt: r.run_at,
    windowEnd: r.window_end,
    executingSince: r.executing_since,
    executor: r.executor,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    reason: r.reason,
    pax8Ids: r.pax8_ids,
    result: r.result ?? undefined,
    /** Who approved so far, in the order they voted; kept in step with `approval_votes`. */
    approvedBy: r.approved_by,
    /** How many distinct approvals the policy asks for (2 above `secondApproverAbove`). */
    approvalsNeeded: r.approvals_needed,
    /** The Pax8 account (instance name) every read and write of this request goes to; undefined = the default one. */
    account: r.account ?? undefined,
    /** Display names of the people who acted on it, by lower-case e-mail (requester, voters, decider). */
    people: r.people ?? {},
  }));

/** An approval request as the engine and the views see it. */
export type ApprovalRequest = z.output<typeof approvalRequestRowSchema>;

/** Someone who acted on a request, as the store remembers them for display. */
export interface NamedPerson {
  readonly email: string;
  readonly displayName?: string | undefined;
}

/** What the bot calls actors that are not people, in cards and messages. */
const nonPeople: Record<string, string> = { system: 'the bot', 'auto-approve': 'automatic approval' };

/**
 * How cards and messages name someone who acted on `request`: the display name their platform gave
 * when they acted (the requester's at submit, a voter's at their click), else the e-mail. The one
 * place a person's name is chosen, so the same person reads the same on every card and message.
 */
export function personName(request: Pick<ApprovalRequest, 'people' | 'requester'>, email: string): string {
  const key = email.trim().toLowerCase();
  if (nonPeople[key]) return nonPeople[key];
  const name = request.people[key] ?? (request.requester.email.toLowerCase() === key ? request.requester.displayName : undefined);
  return name && name.trim() !== '' ? name : email;
}

/** `{ email: name }` to merge into a request's `people`, or undefined when there is no name to record. */
export function peopleEntry(person: NamedPerson): Record<string, string> | undefined {
  const name = person.displayName?.trim();
  return name ? { [person.email.trim().toLowerCase()]: name } : undefined;
}
