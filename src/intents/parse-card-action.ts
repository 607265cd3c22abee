import { z } from 'zod';
import { wireIds } from '../wire-ids.ts';
import type { IntentRequest, ParseFailure, RequestContext } from './intent-request.ts';
import { parseCommand } from './parse-command.ts';

const v = wireIds.cardVerbs;
const text = (max: number) => z.string().trim().min(1).max(max);
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
  z.object({ verb: z.literal(v.choose), command: text(2000) }),
  z.object({ verb: z.literal(v.page), command: text(2000), page: z.coerce.number().int().min(1).max(100_000) }),
  z.object({
    verb: z.literal(v.submitDetails),
    command: text(2000),
    details: z.record(z.string().regex(/^[A-Za-z][\w.-]{0,63}$/), z.union([z.string().max(500), z.array(z.string().max(500)).max(50)])),
  }),
]);
export type CardAction = z.infer<typeof cardActionSchema>;

/**
 * Reads a card action into an `IntentRequest`. `choose`, `page` and `submit_details` carry the
 * command to run (see `choices` and paged views), so they go through the same grammar as typed
 * text and cannot do anything a technician could not type.
 */
export function parseCardAction(payload: unknown, context: RequestContext): IntentRequest | ParseFailure {
  const parsed = cardActionSchema.safeParse(payload);
  if (!parsed.success) {
    return { kind: 'parseFailure', reason: 'bad_arguments', message: 'That button sent data the bot does not understand; run the command again.', command: null, suggestions: [] };
  }
  const action = parsed.data;
  switch (action.verb) {
    case v.approve:
    case v.deny:
    case v.cancelRequest:
    case v.withdraw: {
      const kinds = { [v.approve]: 'approve', [v.deny]: 'deny', [v.cancelRequest]: 'cancelRequest', [v.withdraw]: 'withdraw' } as const;
      const kind = kinds[action.verb];
      return { ...context, kind, requestId: action.requestId, version: action.version ?? null, reason: action.reason || null };
    }
    case v.choose:
      return parseCommand(action.command, context);
    case v.page: {
      const request = parseCommand(action.command, context);
      return 'page' in request ? { ...request, page: action.page } : request;
    }
    case v.submitDetails:
      return withDetails(parseCommand(action.command, context), action.details);
  }
}

function withDetails(request: IntentRequest | ParseFailure, details: Record<string, string | string[]>): IntentRequest | ParseFailure {
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
