import { z } from 'zod';
import { wireIds } from '../wire-ids.ts';
import type { IdentityFreshness, IntentRequest, ParseFailure, RequestContext } from './intent-request.ts';
import { parseCommand } from './parse-command.ts';

const v = wireIds.cardVerbs;
const text = (max: number) => z.string().trim().min(1).max(max);
/** A toggle as Teams sends it ("true"/"false", or nothing) or as Slack's checkboxes give it (the checked values). */
const toggle = z.union([z.string().max(10), z.boolean(), z.array(z.string().max(10)).max(5)]).optional();
const decision = { requestId: text(100), version: z.coerce.number().int().nonnegative().optional(), reason: z.string().trim().max(500).optional() };

/**
 * The data a card button or form sends back, whatever the platform: Teams `Action.Execute`
 * (`verb` + `data`), Slack `block_actions` (`action_id` + the JSON in `value`) after the adapter has
 * merged them into one object. Numbers may arrive as text (Slack values are strings), hence coerce.
 */
export const cardActionSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal(v.approve), ...decision }),
  z.object({ verb: z.literal(v.deny), ...decision }),
  z.object({ verb: z.literal(v.cancelRequest), ...decision }),
  z.object({ verb: z.literal(v.withdraw), ...decision }),
  z.object({ verb: z.literal(v.resume), ...decision }),
  z.object({ verb: z.literal(v.newPassword), ...decision }),
  z.object({ verb: z.literal(v.choose), command: text(2000) }),
  z.object({ verb: z.literal(v.page), command: text(2000), page: z.coerce.number().int().min(1).max(100_000) }),
  z.object({
    verb: z.literal(v.submitDetails),
    command: text(2000),
    details: z.record(z.string().regex(/^[A-Za-z][\w.-]{0,63}$/), z.union([z.string().max(500), z.array(z.string().max(500)).max(50)])),
  }),
  z.object({
    verb: z.literal(v.submitSeats),
    command: text(2000),
    // Teams sends an Input.Number as text (or not at all when left empty); Slack's number_input as text.
    [wireIds.slack.seatsInput]: z.union([z.string().max(100), z.number()]).optional(),
  }),
  // Loose: the seat choices come as `seat__<skuId>` keys beside the command.
  z.looseObject({
    verb: z.literal(v.submitOffboard),
    command: text(2000),
    [wireIds.slack.offboardBlockInput]: toggle,
    [wireIds.slack.offboardRemoveInput]: toggle,
  }),
]);
export type CardAction = z.infer<typeof cardActionSchema>;

/**
 * The card verbs that change a request's state, and the intent each becomes. A verb added here is
 * a decision: the adapters ask the platform who clicked afresh (`identityNeededFor`), and the
 * decision handler refuses an identity that is not fresh.
 */
const decisionKinds = { [v.approve]: 'approve', [v.deny]: 'deny', [v.cancelRequest]: 'cancelRequest', [v.withdraw]: 'withdraw', [v.resume]: 'resume', [v.newPassword]: 'newPassword' } as const;

/**
 * Which identity an adapter must look up for a card action before running it: `fresh` (past any
 * cache) for a decision, so that someone who just lost a role cannot decide with the e-mail the
 * bot remembered, even on a card that showed them the button; `cached` for everything else
 * (choices, pages, forms), which a technician could also type. On Slack the Deny click that opens
 * the reason modal is a decision too: the modal is only for those who may deny.
 */
export function identityNeededFor(payload: unknown): Exclude<IdentityFreshness, 'unavailable'> {
  const verb = typeof payload === 'object' && payload !== null && 'verb' in payload ? payload.verb : undefined;
  return typeof verb === 'string' && Object.hasOwn(decisionKinds, verb) ? 'fresh' : 'cached';
}

/** What a decision button (Approve, Deny, Cancel, Withdraw, Resume, New password) asks; undefined for any other button. */
function decisionIn(action: CardAction) {
  switch (action.verb) {
    case v.approve:
    case v.deny:
    case v.cancelRequest:
    case v.withdraw:
    case v.resume:
    case v.newPassword:
      return { kind: decisionKinds[action.verb], requestId: action.requestId, version: action.version ?? null, reason: action.reason || null };
    default:
      return undefined;
  }
}

/**
 * The request and version an approval card's button names (Approve, Deny, Cancel, Withdraw, Resume,
 * New password), or undefined for any other button: what a click tells about the card it came from.
 */
export function approvalCardButton(payload: unknown): { readonly requestId: string; readonly version: number | null } | undefined {
  const parsed = cardActionSchema.safeParse(payload);
  const decision = parsed.success ? decisionIn(parsed.data) : undefined;
  return decision && { requestId: decision.requestId, version: decision.version };
}

const unreadableButton: ParseFailure = { kind: 'parseFailure', reason: 'bad_arguments', message: 'That button sent data the bot does not understand; run the command again.', command: null, suggestions: [] };

/**
 * Reads a card action into an `IntentRequest`. `choose`, `page`, `submit_details` and
 * `submit_seats` carry the command to run (see `choices`, list rows, paged views and forms), so
 * they go through the same grammar as typed text and cannot do anything a technician could not type.
 */
export function parseCardAction(payload: unknown, context: RequestContext): IntentRequest | ParseFailure {
  const parsed = cardActionSchema.safeParse(payload);
  if (!parsed.success) return unreadableButton;
  const action = parsed.data;
  const decision = decisionIn(action);
  if (decision) return { ...context, ...decision };
  switch (action.verb) {
    case v.choose:
      return parseCommand(action.command, context);
    case v.page: {
      const request = parseCommand(action.command, context);
      return 'page' in request ? { ...request, page: action.page } : request;
    }
    case v.submitDetails:
      return withDetails(parseCommand(action.command, context), action.details);
    case v.submitSeats:
      return withSeatsAnswer(parseCommand(action.command, context), action[wireIds.slack.seatsInput]);
    case v.submitOffboard:
      return withOffboardAnswer(parseCommand(action.command, context), action);
    default:
      return unreadableButton;
  }
}

const isOn = (value: unknown): boolean => value === true || value === 'true' || (Array.isArray(value) && value.includes('true'));

/** The offboarding form's command (`offboard <company> <user>`) with what was chosen in it. */
function withOffboardAnswer(request: IntentRequest | ParseFailure, action: Record<string, unknown>): IntentRequest | ParseFailure {
  if (request.kind !== 'offboard' || request.answer !== null) return request.kind === 'parseFailure' ? request : unreadableButton;
  const prefix = wireIds.slack.offboardSeatPrefix;
  const seats: Record<string, 'release' | 'keep'> = {};
  for (const [key, value] of Object.entries(action)) {
    if (!key.startsWith(prefix) || key.length > prefix.length + 64) continue;
    const choice: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
    if (choice === 'release' || choice === 'keep') seats[key.slice(prefix.length).toLowerCase()] = choice;
  }
  return {
    ...request,
    answer: { blockSignIn: isOn(action[wireIds.slack.offboardBlockInput]), removeLicences: isOn(action[wireIds.slack.offboardRemoveInput]), seats },
  };
}

/** The seats form's command (`seats <id>`, no number) with the number typed into the form. */
function withSeatsAnswer(request: IntentRequest | ParseFailure, typed: string | number | undefined): IntentRequest | ParseFailure {
  if (request.kind !== 'seats' || request.change !== null) return request.kind === 'parseFailure' ? request : unreadableButton;
  return { ...request, answer: typed === undefined ? '' : String(typed) };
}

function withDetails(request: IntentRequest | ParseFailure, details: Record<string, string | string[]>): IntentRequest | ParseFailure {
  if (request.kind === 'onboard') {
    // The onboarding form sends every field: its answers replace any earlier ones.
    return { ...request, details: Object.fromEntries(Object.entries(details).map(([key, value]) => [key, (Array.isArray(value) ? value : [value]).map((s) => s.trim())])) };
  }
  if (request.kind !== 'buy') return request;
  const merged: Record<string, readonly string[]> = { ...request.details };
  for (const [key, value] of Object.entries(details)) {
    // Kept whole: a choice such as "No, the customer does not have a Microsoft account" contains a
    // comma. Only Multi-Value details are split, where the product's details are known.
    // An answer left empty is kept as empty: the form is shown again saying it is needed.
    merged[key] = (Array.isArray(value) ? value : [value]).map((s) => s.trim()).filter((s) => s !== '');
  }
  return { ...request, details: merged };
}
