import type { ApprovalRequest, Store, WriteAttempt } from '../store/index.ts';
import { personName } from '../store/approval-request.ts';

/** A change the bot itself made to a subscription: what explains a prorated line on the next invoice. */
export interface BotChange {
  readonly subscriptionId: string;
  /** When the write reached Pax8. */
  readonly at: Date;
  /** e.g. "seats +2 (10 → 12) approved by Ann Approver on 12 Oct 2026 (request 0f3c…)". */
  readonly text: string;
}

/** The bot's succeeded requests and their write records, as the reconciler reads them. */
export interface BotChangeSource {
  succeeded(): Promise<readonly ApprovalRequest[]>;
  writes(requestId: string): Promise<readonly WriteAttempt[]>;
}

const shortDate = (at: Date): string => at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

function basisText(basis: unknown): string {
  if (typeof basis !== 'object' || basis === null) return '';
  const { fromQuantity, toQuantity } = basis as Record<string, unknown>;
  if (typeof fromQuantity !== 'number' || typeof toQuantity !== 'number') return '';
  const diff = toQuantity - fromQuantity;
  return `seats ${diff >= 0 ? '+' : ''}${diff} (${fromQuantity} → ${toQuantity})`;
}

/**
 * Every subscription change the bot wrote with `from <= time < to`, from the requests that
 * succeeded and the write records of each (what was read before writing, when it was sent).
 */
export async function readBotChanges(source: BotChangeSource, range: { readonly from: Date; readonly to: Date }): Promise<BotChange[]> {
  const changes: BotChange[] = [];
  for (const request of await source.succeeded()) {
    if (request.updatedAt < range.from) continue;
    for (const write of await source.writes(request.id)) {
      const subscription = /^(?:PUT|DELETE) \/subscriptions\/([^/?\s]+)/.exec(write.operation)?.[1];
      if (write.outcome !== 'ok' || !subscription || write.sentAt < range.from || write.sentAt >= range.to) continue;
      const what = basisText(write.basis) || (write.operation.startsWith('DELETE') ? 'cancelled' : request.summary);
      const approvers = request.approvedBy.map((email) => personName(request, email)).join(' and ') || (request.autoApproved ? 'automatic approval' : 'an approver');
      changes.push({ subscriptionId: subscription, at: write.sentAt, text: `${what} approved by ${approvers} on ${shortDate(write.sentAt)} (request ${request.id})` });
    }
  }
  return changes.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The store's requests and write records as a {@link BotChangeSource}: the latest 1,000 succeeded requests. */
export function botChangeSourceFrom(store: { readonly requests: Pick<Store['requests'], 'list'>; readonly writes: Pick<Store['writes'], 'forRequest'> }): BotChangeSource {
  return { succeeded: () => store.requests.list({ states: ['succeeded'], limit: 1000 }), writes: (id) => store.writes.forRequest(id) };
}
