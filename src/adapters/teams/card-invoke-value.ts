import { z } from 'zod';
import { wireIds } from '../../wire-ids.ts';

/**
 * The `value` of an `adaptiveCard/action` invoke. Teams merges the card's input values into
 * `action.data`; the documented invoke carries `action.verb`, but real captures show it missing
 * (microsoft/teams.net tests), so our cards also put the verb in `data.verb` and either is read.
 *
 * @see https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
 */
const invokeValueSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
  trigger: z.enum(['manual', 'automatic']).optional(),
});

/** A card action as the intent layer's `cardActionSchema` reads it, or a refresh the adapter answers itself. */
export type TeamsCardAction =
  | { readonly kind: 'refresh'; readonly requestId: string }
  | { readonly kind: 'action'; readonly payload: Record<string, unknown> }
  | { readonly kind: 'invalid' };

/**
 * Reads an invoke's value. Provisioning-detail inputs arrive as `detail__<key>` fields beside the
 * button's data; they are gathered into `details`, the shape Slack's form submission gives too.
 */
export function readCardAction(value: unknown): TeamsCardAction {
  const parsed = invokeValueSchema.safeParse(value);
  if (!parsed.success) return { kind: 'invalid' };
  const data = parsed.data.action.data ?? {};
  const verb = parsed.data.action.verb ?? (typeof data.verb === 'string' ? data.verb : undefined);
  if (verb === undefined) return { kind: 'invalid' };
  if (verb === wireIds.cardVerbs.refresh) {
    return typeof data.requestId === 'string' && data.requestId !== '' ? { kind: 'refresh', requestId: data.requestId } : { kind: 'invalid' };
  }
  const prefix = wireIds.slack.detailsBlockPrefix;
  const payload: Record<string, unknown> = { verb };
  const details: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(data)) {
    if (key === 'verb') continue;
    // One value per input: the details form has no multi-select, and a choice such as "No, the
    // customer does not have…" contains a comma that must not split it.
    if (key.startsWith(prefix)) details[key.slice(prefix.length)] = typeof field === 'string' ? [field] : field;
    else payload[key] = field;
  }
  if (verb === wireIds.cardVerbs.submitDetails) payload.details = details;
  return { kind: 'action', payload };
}
