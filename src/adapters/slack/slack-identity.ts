/**
 * Who clicked or typed, as the intent layer needs it: the Slack user id plus the e-mail roles are
 * keyed by. Slack payloads carry no e-mail, so it comes from `users.info` (`users:read.email`
 * scope). Commands and reads take it from a cache with a TTL and a size bound (concurrent lookups
 * for one user share one call); a decision asks Slack again past the cache and keeps that answer,
 * because a profile e-mail changed to a non-approver's must stop approvals at once.
 *
 * @see https://api.slack.com/methods/users.info
 */
import type { webApi } from '@slack/bolt';
import type { Actor, IdentityFreshness } from '../../intents/index.ts';
import type { Logger } from '../../log.ts';
import { createTtlCache } from '../../util/ttl-cache.ts';

export interface SlackIdentity {
  /**
   * The actor for a Slack user id. `cached` may answer from the cache; `fresh` always asks Slack and
   * refreshes the cache. When Slack cannot be asked, the actor has no e-mail and is `unavailable`
   * (the intent layer says so); a cached answer is never given in place of a fresh one.
   */
  actorFor(userId: string, need: Exclude<IdentityFreshness, 'unavailable'>): Promise<Actor>;
}

export interface SlackIdentityOptions {
  readonly client: Pick<webApi.WebClient, 'users'>;
  readonly log: Logger;
  readonly ttlMs?: number;
  readonly max?: number;
}

export function createSlackIdentity(options: SlackIdentityOptions): SlackIdentity {
  const cache = createTtlCache<string, Promise<Actor>>({ max: options.max ?? 5_000, ttlMs: options.ttlMs ?? 10 * 60_000 });

  /** Asks Slack; undefined (logged) when it could not be asked. */
  async function lookUp(userId: string): Promise<Actor | undefined> {
    try {
      const answer = await options.client.users.info({ user: userId });
      const profile = answer.user?.profile;
      const email = profile?.email?.trim();
      const displayName = profile?.real_name || profile?.display_name || answer.user?.real_name || answer.user?.name;
      return { userId, platform: 'slack', identity: 'fresh', ...(email ? { email } : {}), ...(displayName ? { displayName } : {}) };
    } catch (error) {
      options.log.warn({ err: error, platform: 'slack', user: userId }, 'users.info failed; no e-mail, so no role for this event');
      return undefined;
    }
  }

  const unavailable = (userId: string): Actor => ({ userId, platform: 'slack', identity: 'unavailable' });
  const asCached = (actor: Actor): Actor => ({ ...actor, identity: 'cached' });

  /** One shared lookup per user for reads; a failed one is not kept, so the next event asks Slack. */
  function cachedLookUp(userId: string): Promise<Actor> {
    const cached = cache.get(userId);
    if (cached) return cached;
    const pending = lookUp(userId).then((actor) => {
      if (actor) return asCached(actor);
      if (cache.get(userId) === pending) cache.delete(userId);
      return unavailable(userId);
    });
    cache.set(userId, pending);
    return pending;
  }

  /** Always asks Slack; a successful answer replaces what the cache held, a failure leaves it. */
  async function freshLookUp(userId: string): Promise<Actor> {
    const actor = await lookUp(userId);
    if (!actor) return unavailable(userId);
    cache.set(userId, Promise.resolve(asCached(actor)));
    return actor;
  }

  return {
    actorFor: (userId, need) => (need === 'fresh' ? freshLookUp(userId) : cachedLookUp(userId)),
  };
}
