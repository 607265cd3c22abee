import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The body Pax8 posts to a webhook URL (`WebhookPayload` in Pax8's Webhooks API document,
 * `https://api.pax8.com/api/v2`): the partner account, the webhook and its topic, when it was sent,
 * and `payloadData`, the event itself. Pax8 calls its events notifications, not state transfers, so
 * the bot reads the current state from the API rather than trusting `payloadData`'s copy of it.
 *
 * @see https://devx.pax8.com/docs/how-to-use-webhook-apis
 */
export const webhookPayloadSchema = z.looseObject({
  accountId: z.string().min(1),
  url: z.string(),
  webhookId: z.string().min(1),
  sentAt: z.string().min(1),
  webhookTopic: z.looseObject({ id: z.string(), topic: z.string().min(1), filters: z.array(z.unknown()).default([]) }),
  payloadData: z.record(z.string(), z.unknown()).default({}),
});
export type WebhookPayload = z.output<typeof webhookPayloadSchema>;

/** The topics the bot acts on; any other topic is recorded and acknowledged, and nothing else happens. */
export const handledTopics = ['SUBSCRIPTION', 'ORDER'] as const;

const id = z.string().min(1);
const optionalText = z.string().nullish().transform((v) => v ?? undefined);

/**
 * What a subscription event names (a Completed Line Item: its `type` says New, Change, Cancel,
 * Renewal, …). Only the subscription id is needed: the rest is read from Pax8.
 */
export const subscriptionEventSchema = z.looseObject({
  subscriptionId: id,
  companyId: optionalText,
  type: optionalText,
  action: optionalText,
});

/** What an order event names: the order, and its company when given. */
export const orderEventSchema = z.looseObject({ orderId: id, companyId: optionalText, action: optionalText });

/**
 * A delivery's identity: Pax8 sends no delivery id, and a retry repeats the body (`WebhookCall.payload`)
 * possibly with a new `sentAt`, so the key is the account, topic and event data, without `sentAt`
 * and `url`. Two deliveries with the same key are the same event.
 */
export function deliveryKey(payload: WebhookPayload): string {
  const basis = canonicalJson({ accountId: payload.accountId, webhookId: payload.webhookId, topic: payload.webhookTopic.topic, data: payload.payloadData });
  return createHash('sha256').update(basis).digest('hex');
}

/** JSON with object keys sorted, so the same data always gives the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A zod failure as one line a partner's integrator can act on ("payloadData.subscriptionId: expected string"). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
}
