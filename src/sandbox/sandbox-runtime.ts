import { issueDueInvoices } from './billing/issue-invoices.ts';
import type { Faults } from './faults.ts';
import type { Router } from './http/router.ts';
import type { MicrosoftState } from './m365/microsoft-state.ts';
import type { RateLimiter } from './rate-limit.ts';
import { advanceSubscription } from './rules/subscription-lifecycle.ts';
import type { SandboxClock } from './sandbox-clock.ts';
import type { SandboxData } from './sandbox-data.ts';
import type { TokenStore } from './token-store.ts';
import type { Stats, WritesLog } from './writes-log.ts';
import type { WebhookEmitter } from './webhooks/webhook-emitter.ts';

/**
 * One Pax8 partner account: the client id its token is asked for with, its own data, and its own
 * rate limit (Pax8 counts calls per partner).
 */
export interface SandboxAccount {
  clientId: string;
  data: SandboxData;
  limiter: RateLimiter;
}

/**
 * Everything one running sandbox holds; passed to the request pipeline and the admin API. The
 * clock, faults, writes log and stats are shared by all accounts.
 */
export interface SandboxRuntime {
  /** Account 1 first; never empty. */
  accounts: readonly [SandboxAccount, ...SandboxAccount[]];
  clock: SandboxClock;
  tokens: TokenStore;
  faults: Faults;
  writes: WritesLog;
  stats: Stats;
  router: Router;
  clientSecret: string;
  audience: string;
  /** The customers' Microsoft tenants (Entra + Graph), built on the accounts' companies and subscriptions. */
  microsoft: MicrosoftState;
  /** Pax8's webhooks: the events of every account, sent where `/__sandbox/webhooks` says. */
  webhooks: WebhookEmitter;
}

/** The account whose client id this is, if any. */
export function accountByClientId(rt: SandboxRuntime, clientId: string): SandboxAccount | undefined {
  return rt.accounts.find((a) => a.clientId === clientId);
}

/**
 * Applies everything due by `now` (renewals, cancellations, finished provisioning), then issues the
 * invoices of any month whose 1st has passed. Called on every request and after clock changes
 * instead of timers; a full scan only happens when something is due.
 */
export function runLifecycle(data: SandboxData, now: number): void {
  if (now >= data.nextLifecycleAt) {
    let next = Infinity;
    for (const sub of data.subscriptions) {
      const at = advanceSubscription(sub, now);
      if (at !== undefined && at < next) next = at;
    }
    data.nextLifecycleAt = next;
  }
  issueDueInvoices(data, now);
}
