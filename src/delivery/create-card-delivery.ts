import type { ApprovalEvent, ApprovalsEngine } from '../approvals/index.ts';
import { approvalCard } from '../intents/approval-card.ts';
import { onboardChecklist } from '../intents/onboard-checklist.ts';
import { storedApprovalsChannel } from '../intents/port-adapters.ts';
import type { Logger } from '../log.ts';
import type { ApprovalRequest } from '../store/approval-request.ts';
import { randomUUID } from 'node:crypto';
import { openStates, type Store } from '../store/index.ts';
import type { PostClaim } from '../store/chat-ref-store.ts';
import type { Clock } from '../util/clock.ts';
import type { View } from '../views/index.ts';
import type { ChatOutbox } from './chat-outbox.ts';
import { lateAnswerNotice, outcomeNotice, reminderNotice } from './outcome-notice.ts';

export interface CardDeliveryOptions {
  readonly engine: Pick<ApprovalsEngine, 'on' | 'get'>;
  readonly store: Pick<Store, 'chatRefs'>;
  /** Platforms known at creation; more join with `attach` as their adapters start. */
  readonly outboxes?: readonly ChatOutbox[];
  /** Approvals channels from the config file, per platform; an admin's `approvals here` wins. */
  readonly configuredChannels: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  readonly log: Logger;
  /**
   * How long a card missing from the approvals channel, or a copy behind its request, must stay so
   * (in real time, across passes) before `catchUp` posts or redraws it: the live delivery may be on it.
   */
  readonly catchUpAfterMs?: number;
  /** Real elapsed milliseconds (not the business clock, which a sandbox moves by hours). */
  readonly elapsedMs?: () => number;
  /** This process, as the claims on posting cards name it. */
  readonly instanceId?: string;
  /**
   * True when no other process can share the database (embedded PGlite): a claim on posting a card
   * made by another process was made by one that stopped, and its card is posted at once.
   */
  readonly soleProcess?: boolean;
}

export interface CardDelivery {
  /** Adds a platform: its approvals channel gets new requests' cards, its copies get updates. */
  attach(outbox: ChatOutbox): void;
  /** Records a copy of a request's card posted elsewhere (e.g. the answer to the requester) so it is updated too. */
  recordCopy(requestId: string, platform: string, conversationId: string, messageId: string): Promise<void>;
  /**
   * Records a card of the request found by a click on it, unless a copy with that message id is
   * known already (Teams names a channel card's conversation with its thread, so the same card can
   * come under two conversation ids). It shows `shownVersion` (its button says so), so the next
   * transition, or else the catch-up's redraw, brings it up to date.
   */
  adoptCopy(requestId: string, platform: string, conversationId: string, messageId: string, shownVersion: number): Promise<void>;
  /** The approvals channel of a platform: the one an admin set with `approvals here`, else the configured one. */
  approvalsChannel(platform: string): Promise<string | undefined>;
  /** Posts a view in a conversation of a platform (a scheduled digest); undefined when that platform is not attached. */
  post(platform: string, conversationId: string, view: View): Promise<string | undefined>;
  /**
   * One catch-up pass (the scheduler runs it): posts the card of an open request that never reached
   * a platform's approvals channel, telling its requester when nothing showed it at all, and redraws
   * copies that show an older state than their request. Either happens when the process stopped
   * between storing and posting, or a platform refused for a while.
   */
  catchUp(): Promise<void>;
  /** Resolves when every delivery started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * Keeps every chat copy of an approval request true: posts the card to each platform's approvals
 * channel when a request is opened, updates every posted copy after each transition or vote (a
 * decision in Slack updates the Teams card, and the other way round), nudges the channel on a
 * reminder and tells the requester the outcome. Work for one request runs in order and renders the
 * request as stored at that moment, so a slow update can never overwrite a newer state.
 */
export function createCardDelivery(options: CardDeliveryOptions): CardDelivery {
  const { store, log } = options;
  const outboxes: ChatOutbox[] = [...(options.outboxes ?? [])];
  const chains = new Map<string, Promise<void>>();
  const catchUpAfterMs = options.catchUpAfterMs ?? 5_000;
  const instanceId = options.instanceId ?? randomUUID();
  const elapsedMs = options.elapsedMs ?? (() => performance.now());
  /** Since when (real ms) each missing card or stale copy has been seen missing or stale, pass after pass. */
  let seen = new Map<string, number>();
  /** Copies already redrawn for a given state of their request: a copy that cannot be updated is tried once per change. */
  const redrawn = new Set<string>();

  function enqueue(requestId: string, work: () => Promise<void>): void {
    const previous = chains.get(requestId) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((error: unknown) => log.error({ err: error, requestId }, 'could not deliver an approval card'))
      .finally(() => {
        if (chains.get(requestId) === next) chains.delete(requestId);
      });
    chains.set(requestId, next);
  }

  async function approvalsChannel(platform: string): Promise<string | undefined> {
    return (await storedApprovalsChannel(store.chatRefs, platform)) ?? options.configuredChannels[platform];
  }

  /** Runs one outbox call, logging a failure without stopping the other platforms. */
  async function each(label: string, request: ApprovalRequest, fn: (outbox: ChatOutbox) => Promise<void>): Promise<void> {
    await Promise.all(
      outboxes.map((outbox) =>
        fn(outbox).catch((error: unknown) => log.error({ err: error, platform: outbox.platform, requestId: request.id }, `could not ${label}`)),
      ),
    );
  }

  /**
   * A claim on posting a card older than this was left by a process that stopped: another may post
   * it. A post gives up well before (the Slack client: 10 s a call, two retries).
   */
  const claimLeaseMs = 2 * 60_000;
  const claimAt = (now: Date): PostClaim => ({ by: instanceId, staleBefore: new Date(now.getTime() - claimLeaseMs), othersGone: options.soleProcess ?? false });

  /** Takes the posting of the request's card on a platform (see `claimPost`): true for the one process that may post it. */
  async function claim(outbox: ChatOutbox, request: ApprovalRequest): Promise<boolean> {
    const now = options.clock.now();
    return store.chatRefs.claimPost(request.id, outbox.platform, now, claimAt(now));
  }

  /** Posts the card in a platform's approvals channel, claimed already, and records it. */
  async function postClaimed(outbox: ChatOutbox, channel: string, request: ApprovalRequest): Promise<void> {
    const messageId = await outbox.post(channel, { kind: 'approvalRequest', request: approvalCard(request) });
    await store.chatRefs.addMessage({ requestId: request.id, platform: outbox.platform, conversationId: channel, messageId }, options.clock.now(), request);
  }

  /** Posts the card in a platform's approvals channel, once across replicas (the claim), and records it. */
  async function postIn(outbox: ChatOutbox, channel: string, request: ApprovalRequest): Promise<boolean> {
    if (!(await claim(outbox, request))) return false;
    await postClaimed(outbox, channel, request);
    return true;
  }

  /**
   * Posts a new request's card on every platform. Every claim is taken before any card is posted: a
   * process stopped after one platform showed the card (where it may be decided at once) has left a
   * claim on each of the others, so the catch-up posts theirs whatever the request's state by then.
   */
  async function postNew(opened: ApprovalRequest): Promise<void> {
    // As stored now: a request opened already approved (an offboarding's seat release) shows so, without Approve.
    const request = (await options.engine.get(opened.id)) ?? opened;
    const claimed = new Map<ChatOutbox, string>();
    await each('claim the approval card', request, async (outbox) => {
      const channel = await approvalsChannel(outbox.platform);
      if (channel && (await claim(outbox, request))) claimed.set(outbox, channel);
    });
    await each('post the approval card', request, async (outbox) => {
      const channel = claimed.get(outbox);
      if (channel) await postClaimed(outbox, channel, request);
    });
  }

  async function updateCopies(requestId: string): Promise<ApprovalRequest | undefined> {
    const request = await options.engine.get(requestId);
    if (!request) return undefined;
    const view: View = { kind: 'approvalRequest', request: approvalCard(request) };
    const messages = await store.chatRefs.messagesFor(requestId);
    await each('update an approval card', request, async (outbox) => {
      for (const message of messages.filter((m) => m.platform === outbox.platform)) {
        // One copy that cannot be updated (deleted, its conversation gone) does not hold back the others.
        try {
          await outbox.update(message, view);
          await store.chatRefs.markShown(message, request);
        } catch (error) {
          log.error({ err: error, platform: outbox.platform, requestId, conversationId: message.conversationId }, 'could not update an approval card');
        }
      }
    });
    return request;
  }

  /** True once `key` has been seen in passes spanning `catchUpAfterMs`; `now` collects this pass's keys. */
  function seenLongEnough(key: string, now: Map<string, number>): boolean {
    const since = seen.get(key) ?? elapsedMs();
    now.set(key, since);
    return elapsedMs() - since >= catchUpAfterMs;
  }

  async function postLate(outbox: ChatOutbox, channel: string, requestId: string, unanswered: boolean): Promise<void> {
    const request = await options.engine.get(requestId);
    if (!request) return;
    if (!(await postIn(outbox, channel, request))) return;
    log.warn({ requestId, platform: outbox.platform, state: request.state }, 'posted an approval card late: the process stopped before posting it, or the platform refused');
    // Nothing showed it anywhere: its requester never got an answer. Told once (the claim never goes stale).
    if (unanswered && openStates.includes(request.state) && (await store.chatRefs.claimPost(requestId, 'requester', options.clock.now(), { by: instanceId, staleBefore: new Date(0), othersGone: false }))) {
      await tellRequester(request, lateAnswerNotice(request));
    }
  }

  async function catchUp(): Promise<void> {
    const now = options.clock.now();
    const since = new Date(now.getTime() - 86_400_000);
    const seenNow = new Map<string, number>();
    for (const outbox of outboxes) {
      const channel = await approvalsChannel(outbox.platform);
      if (!channel) continue;
      for (const id of await store.chatRefs.unposted(outbox.platform, channel, since, claimAt(now), 25)) {
        if (!seenLongEnough(`post ${outbox.platform} ${id}`, seenNow)) continue;
        const unanswered = !(await store.chatRefs.anyMessage(id));
        enqueue(id, () => postLate(outbox, channel, id, unanswered));
      }
    }
    const behind = await store.chatRefs.behind(since, 100);
    for (const requestId of new Set(behind.map((c) => c.requestId))) {
      const copies = behind.filter((c) => c.requestId === requestId);
      const key = `redraw ${requestId} ${copies[0]?.version} ${copies[0]?.updatedAt.getTime()}`;
      if (redrawn.has(key) || !seenLongEnough(key, seenNow)) continue;
      redrawn.add(key);
      if (redrawn.size > 10_000) redrawn.delete(redrawn.values().next().value ?? key);
      log.warn({ requestId, copies: copies.length }, 'redrawing approval cards that show an older state than their request');
      enqueue(requestId, async () => void (await updateCopies(requestId)));
    }
    seen = seenNow;
  }

  async function tellRequester(request: ApprovalRequest, view: View): Promise<void> {
    const outbox = outboxes.find((o) => o.platform === request.requester.platform);
    if (!outbox || !request.requester.userId) return;
    await outbox.notify({ userId: request.requester.userId, email: request.requester.email }, view).catch((error: unknown) => {
      log.error({ err: error, requestId: request.id }, 'could not tell the requester the outcome');
    });
  }

  /**
   * A private note (a temporary password): to the requester only. A failure is logged by its kind
   * alone, since an error might quote what was being sent.
   */
  async function tellPrivately(request: ApprovalRequest, title: string, message: string): Promise<void> {
    const outbox = outboxes.find((o) => o.platform === request.requester.platform);
    if (!outbox || !request.requester.userId) {
      log.warn({ requestId: request.id, title }, 'could not send a private message: the requester has no chat address on a connected platform');
      return;
    }
    await outbox.notify({ userId: request.requester.userId, email: request.requester.email }, { kind: 'notice', tone: 'info', title, message }).catch((error: unknown) => {
      log.error({ requestId: request.id, title, errorName: error instanceof Error ? error.name : typeof error }, 'could not send a private message to the requester');
    });
  }

  async function remind(request: ApprovalRequest): Promise<void> {
    await each('post a reminder', request, async (outbox) => {
      const channel = await approvalsChannel(outbox.platform);
      if (channel) await outbox.post(channel, reminderNotice(request));
    });
  }

  function handle(event: ApprovalEvent): void {
    const id = event.request.id;
    if (event.type === 'submitted') return enqueue(id, () => postNew(event.request));
    if (event.type === 'reminder') return enqueue(id, () => remind(event.request));
    // Only to the requester, privately; the text is in no log line (not even when sending fails).
    if (event.type === 'private') return enqueue(id, () => tellPrivately(event.request, event.title, event.text));
    enqueue(id, async () => {
      const current = await updateCopies(id);
      const notice = event.type === 'transition' ? outcomeNotice(event.request, event.from, event.to, event.actor) : undefined;
      if (notice && current) await tellRequester(current, notice);
      // An onboarding without a linked tenant is done when its checklist is: the requester gets it as a card.
      const checklist = event.type === 'transition' && event.to === 'succeeded' && current ? onboardChecklist(current) : undefined;
      if (checklist && current) await tellRequester(current, checklist);
    });
  }

  const unsubscribe = options.engine.on(handle);
  return {
    attach(outbox) {
      if (outboxes.some((o) => o.platform === outbox.platform)) throw new Error(`a ${outbox.platform} outbox is attached already`);
      outboxes.push(outbox);
    },
    approvalsChannel,
    async post(platform, conversationId, view) {
      const outbox = outboxes.find((o) => o.platform === platform);
      return outbox ? outbox.post(conversationId, view) : undefined;
    },
    catchUp,
    recordCopy: (requestId, platform, conversationId, messageId) =>
      store.chatRefs.addMessage({ requestId, platform, conversationId, messageId }, options.clock.now()),
    async adoptCopy(requestId, platform, conversationId, messageId, shownVersion) {
      const known = await store.chatRefs.messagesFor(requestId);
      if (known.some((m) => m.platform === platform && m.messageId === messageId)) return;
      log.warn({ requestId, platform, conversationId, messageId }, 'a card the bot had not recorded was clicked: it is a copy of its request from now on');
      await store.chatRefs.addMessage({ requestId, platform, conversationId, messageId }, options.clock.now(), { version: shownVersion, updatedAt: new Date(0) });
    },
    async idle() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
    stop: unsubscribe,
  };
}
