import { createPrng, hashSeed } from '../prng.ts';
import type { SandboxClock } from '../sandbox-clock.ts';
import { runLifecycle, type SandboxAccount } from '../sandbox-runtime.ts';
import { createChangeScanner, type SandboxEvent } from './webhook-events.ts';

/** Where the sandbox posts its events, and the static `Authorization` value it sends (Pax8's `CreateWebhook.authorization`). */
export interface WebhookTarget {
  readonly url: string;
  readonly authorization: string;
  /**
   * Another value for some accounts, by client id: at Pax8 each partner account creates its own
   * webhook with its own value, which is how a bot serving several accounts tells them apart.
   */
  readonly authorizationByAccount?: Readonly<Record<string, string>>;
}

export interface WebhookSettings {
  /** Sandbox ms between a change and its delivery (Pax8: "may take up to 5 minutes"). */
  readonly delayMs: number;
  /** Attempts per delivery, as Pax8's `errorThreshold` (Pax8 caps its automatic attempts at 3). */
  readonly errorThreshold: number;
  /** Sandbox ms between a failed attempt and the next. */
  readonly retryDelayMs: number;
}

/** One attempt, in the shape of Pax8's `WebhookCall`. */
export interface WebhookCall {
  readonly timestamp: string;
  readonly status: 'SUCCESS' | 'FAILED';
  readonly httpStatusCode?: number;
  readonly errorMessage?: string;
}

/** One event's delivery, in the shape of Pax8's `WebhookLog` (plus what the sandbox needs to send it). */
export interface WebhookDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly account: string;
  readonly topic: string;
  readonly payloadData: Record<string, unknown>;
  finalStatus: 'PENDING' | 'RETRYING' | 'SUCCESS' | 'FAILED';
  readonly callHistory: WebhookCall[];
  readonly createdAt: string;
  /** Sandbox ms at which the next attempt is due. */
  dueAt: number;
}

/** Pax8 marks a delivery failed when no answer comes within 10 seconds. */
const answerWithinMs = 10_000;
/** Pax8's cap on automatic attempts, whatever the `errorThreshold`. */
const maxAutomaticAttempts = 3;
const keptDeliveries = 1000;

interface AccountWebhook {
  readonly account: SandboxAccount;
  readonly accountId: string;
  readonly webhookId: string;
  readonly topicIds: Record<SandboxEvent['topic'], string>;
  readonly scanner: ReturnType<typeof createChangeScanner>;
}

/**
 * The sandbox's Pax8 webhooks: one webhook per partner account subscribed to SUBSCRIPTION and ORDER,
 * posting `WebhookPayload` bodies to the configured URL with the configured `Authorization` value,
 * each change `delayMs` of sandbox time after it happened (moving the clock delivers what fell
 * due), retried on a non-2xx answer, a network error or no answer within 10 s, up to the error
 * threshold. Off until a target is set.
 */
export function createWebhookEmitter(o: { accounts: readonly SandboxAccount[]; clock: SandboxClock; seed: number; settings: WebhookSettings; target?: WebhookTarget | undefined }) {
  const ids = createPrng(hashSeed(o.seed, 'webhooks'));
  const hooks: AccountWebhook[] = o.accounts.map((account) => ({
    account,
    accountId: createPrng(hashSeed(o.seed, 'account-id', account.clientId)).uuid(),
    webhookId: ids.uuid(),
    topicIds: { SUBSCRIPTION: ids.uuid(), ORDER: ids.uuid() },
    scanner: createChangeScanner(account.data),
  }));
  const settings = { ...o.settings };
  let target: WebhookTarget | undefined;
  let deliveries: WebhookDelivery[] = [];
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<void> | undefined;

  function collect(): void {
    const now = o.clock.nowMs();
    for (const hook of hooks) {
      runLifecycle(hook.account.data, now);
      for (const event of hook.scanner.changes()) {
        deliveries.push({
          id: ids.uuid(),
          webhookId: hook.webhookId,
          account: hook.account.clientId,
          topic: event.topic,
          payloadData: event.payloadData,
          finalStatus: 'PENDING',
          callHistory: [],
          createdAt: new Date(now).toISOString(),
          dueAt: event.at + settings.delayMs,
        });
      }
    }
    if (deliveries.length > keptDeliveries) deliveries = deliveries.slice(-keptDeliveries);
  }

  function bodyOf(d: WebhookDelivery, to: WebhookTarget): Record<string, unknown> {
    const hook = hooks.find((h) => h.account.clientId === d.account);
    return {
      accountId: hook?.accountId,
      url: to.url,
      webhookId: d.webhookId,
      sentAt: o.clock.now().toISOString(),
      webhookTopic: { id: hook?.topicIds[d.topic as SandboxEvent['topic']], topic: d.topic, filters: [] },
      payloadData: d.payloadData,
    };
  }

  async function attempt(d: WebhookDelivery, automatic: boolean): Promise<void> {
    const to = target;
    if (!to) return;
    let call: WebhookCall;
    try {
      const response = await fetch(to.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: to.authorizationByAccount?.[d.account] ?? to.authorization },
        body: JSON.stringify(bodyOf(d, to)),
        signal: AbortSignal.timeout(answerWithinMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      call = { timestamp: o.clock.now().toISOString(), status: response.ok ? 'SUCCESS' : 'FAILED', httpStatusCode: response.status };
    } catch (error) {
      call = { timestamp: o.clock.now().toISOString(), status: 'FAILED', errorMessage: error instanceof Error ? error.message : String(error) };
    }
    d.callHistory.push(call);
    if (call.status === 'SUCCESS') d.finalStatus = 'SUCCESS';
    else if (automatic && d.callHistory.length < Math.min(settings.errorThreshold, maxAutomaticAttempts)) {
      d.finalStatus = 'RETRYING';
      d.dueAt = o.clock.nowMs() + settings.retryDelayMs;
    } else d.finalStatus = 'FAILED';
  }

  async function run(): Promise<void> {
    if (!target) return;
    collect();
    const now = o.clock.nowMs();
    for (const d of deliveries) {
      if ((d.finalStatus === 'PENDING' || d.finalStatus === 'RETRYING') && d.dueAt <= now) await attempt(d, true);
    }
  }

  const tick = (): Promise<void> => {
    busy ??= run().finally(() => {
      busy = undefined;
    });
    return busy;
  };

  const emitter = {
    /** Sets (or clears) where events go; changes made before this are not sent. */
    configure(next: WebhookTarget | undefined): void {
      if (next && !target) for (const hook of hooks) hook.scanner.reset();
      target = next;
      if (target && !timer) {
        timer = setInterval(() => void tick(), 100);
        timer.unref();
      }
      if (!target && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    },
    /** Changes the delay, threshold or retry delay (sandbox admin). */
    tune(next: Partial<WebhookSettings>): void {
      Object.assign(settings, next);
    },
    /** Looks for changes and sends what is due now (the timer does this every 100 ms). */
    tick,
    /** Sends one delivery again now, as Pax8's "retry webhook delivery" does, whatever its status. */
    async resend(id: string): Promise<WebhookDelivery | undefined> {
      const d = deliveries.find((x) => x.id === id);
      if (d) await attempt(d, false);
      return d;
    },
    list: (): readonly WebhookDelivery[] => deliveries,
    describe: () => ({
      target: target ? { url: target.url, authorization: '[set]' } : null,
      ...settings,
      accounts: hooks.map((h) => ({ account: h.account.clientId, accountId: h.accountId, webhookId: h.webhookId })),
    }),
    /** Stops the timer and waits for a send under way. */
    async close(): Promise<void> {
      emitter.configure(undefined);
      await busy;
    },
  };
  emitter.configure(o.target);
  return emitter;
}

export type WebhookEmitter = ReturnType<typeof createWebhookEmitter>;
