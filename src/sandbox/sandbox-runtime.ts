import type { Faults } from './faults.ts';
import type { Router } from './http/router.ts';
import type { RateLimiter } from './rate-limit.ts';
import { advanceSubscription } from './rules/subscription-lifecycle.ts';
import type { SandboxClock } from './sandbox-clock.ts';
import type { SandboxData } from './sandbox-data.ts';
import type { TokenStore } from './token-store.ts';
import type { Stats, WritesLog } from './writes-log.ts';

/** Everything one running sandbox holds; passed to the request pipeline and the admin API. */
export interface SandboxRuntime {
  data: SandboxData;
  clock: SandboxClock;
  tokens: TokenStore;
  limiter: RateLimiter;
  faults: Faults;
  writes: WritesLog;
  stats: Stats;
  router: Router;
  clientId: string;
  clientSecret: string;
  audience: string;
}

/**
 * Applies everything due by `now` (renewals, cancellations, finished provisioning). Called on every
 * request and after clock changes instead of timers; a full scan only happens when something is due.
 */
export function runLifecycle(data: SandboxData, now: number): void {
  if (now < data.nextLifecycleAt) return;
  let next = Infinity;
  for (const sub of data.subscriptions) {
    const at = advanceSubscription(sub, now);
    if (at !== undefined && at < next) next = at;
  }
  data.nextLifecycleAt = next;
}
