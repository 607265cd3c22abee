import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteHandler } from '../http/create-http-server.ts';
import { BodyTooLargeError, readBodyText } from '../http/read-body-text.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import type { Clock } from '../util/clock.ts';
import { accountForAuthorization, type WebhookAccount } from './webhook-authorization.ts';
import { deliveryKey, describeIssues, handledTopics, orderEventSchema, subscriptionEventSchema, webhookPayloadSchema } from './webhook-payload.ts';

/** Where Pax8 posts (DESIGN.md "HTTP endpoints"). */
export const pax8WebhookPath = '/pax8/webhooks';

/** Pax8's events are small notifications; anything this large is not one. */
const maxBodyBytes = 256 * 1024;

const topicData = { SUBSCRIPTION: subscriptionEventSchema, ORDER: orderEventSchema } as const;

export interface ReceiverDeps {
  readonly accounts: readonly WebhookAccount[];
  readonly store: Pick<Store, 'webhookEvents'>;
  readonly clock: Clock;
  readonly log: Logger;
  /** Called after a new delivery was recorded and answered; processing happens there, never before the answer. */
  readonly recorded: () => void;
}

/**
 * `POST /pax8/webhooks`. Pax8 marks a delivery failed when no answer comes within 10 seconds, so the
 * handler only checks, records and answers: the `Authorization` header must carry an account's
 * configured value (401 otherwise, nothing recorded, the header never logged), the body must be a
 * `WebhookPayload` (400 with the reason), and the delivery is stored under its key before the 200
 * goes out, so an acknowledged delivery is processed even if the process dies right after, and a
 * retried one is counted, not processed again. The work happens afterwards, from the store.
 */
export function receivePax8Webhooks(deps: ReceiverDeps): RouteHandler {
  return async (req, res) => {
    if (req.method !== 'POST') return answer(res, 405, { error: 'Pax8 webhooks are POSTed to this URL' }, { allow: 'POST' });
    const account = accountForAuthorization(req.headers.authorization, deps.accounts);
    if (!account) {
      deps.log.warn({ path: pax8WebhookPath, remoteAddress: req.socket.remoteAddress, withHeader: req.headers.authorization !== undefined }, 'Pax8 webhook refused: the Authorization header is not a configured value');
      return answer(res, 401, {
        error: deps.accounts.length === 0 ? 'Pax8 webhooks are not configured here (set PAX8_WEBHOOK_AUTHORIZATION)' : "the Authorization header is not the value configured for this bot's Pax8 webhooks",
      });
    }
    const parsed = await readPayload(req);
    if (!parsed.ok) return answer(res, parsed.status, { error: parsed.error });
    const payload = parsed.payload;
    const at = deps.clock.now();
    const { id, duplicate } = await deps.store.webhookEvents.record({ key: deliveryKey(payload), account, topic: payload.webhookTopic.topic, payload, at });
    deps.log.info({ webhookEvent: id, account, topic: payload.webhookTopic.topic, duplicate }, duplicate ? 'Pax8 event received again; it was recorded before' : 'Pax8 event received');
    answer(res, 200, { received: true, duplicate });
    if (!duplicate) deps.recorded();
  };
}

type ReadResult = { ok: true; payload: ReturnType<typeof webhookPayloadSchema.parse> } | { ok: false; status: number; error: string };

async function readPayload(req: IncomingMessage): Promise<ReadResult> {
  let text: string;
  try {
    text = await readBodyText(req, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { ok: false, status: 413, error: `the body is larger than ${maxBodyBytes} bytes` };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, error: 'the body is not JSON: Pax8 posts a WebhookPayload (accountId, url, webhookId, sentAt, webhookTopic, payloadData)' };
  }
  const payload = webhookPayloadSchema.safeParse(json);
  if (!payload.success) return { ok: false, status: 400, error: `not a Pax8 WebhookPayload: ${describeIssues(payload.error)}` };
  const topic = payload.data.webhookTopic.topic;
  if ((handledTopics as readonly string[]).includes(topic)) {
    const data = topicData[topic as (typeof handledTopics)[number]].safeParse(payload.data.payloadData);
    if (!data.success) return { ok: false, status: 400, error: `a ${topic} event needs ${describeIssues(data.error).replace(/^/, 'payloadData.')}` };
  }
  return { ok: true, payload: payload.data };
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
