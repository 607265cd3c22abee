/**
 * Who clicked or typed, as the intent layer needs it: the Slack user id plus the e-mail roles are
 * keyed by. Slack payloads carry no e-mail, so it comes from `users.info` (`users:read.email`
 * scope), cached with a TTL and a size bound; concurrent lookups for one user share one call.
 *
 * @see https://api.slack.com/methods/users.info
 */
import type { webApi } from '@slack/bolt';
import type { Actor } from '../../intents/index.ts';
import type { Logger } from '../../log.ts';
import { createTtlCache } from './ttl-cache.ts';

export interface SlackIdentity {
  /** The actor for a Slack user id; without an e-mail when Slack has none (the intent layer says so). */
  actorFor(userId: string): Promise<Actor>;
}

export interface SlackIdentityOptions {
  readonly client: Pick<webApi.WebClient, 'users'>;
  readonly log: Logger;
  readonly ttlMs?: number;
  readonly max?: number;
}

export function createSlackIdentity(options: SlackIdentityOptions): SlackIdentity {
  const cache = createTtlCache<string, Promise<Actor>>({ max: options.max ?? 5_000, ttlMs: options.ttlMs ?? 10 * 60_000 });

  async function lookUp(userId: string): Promise<Actor> {
    const answer = await options.client.users.info({ user: userId });
    const profile = answer.user?.profile;
    const email = profile?.email?.trim();
    const displayName = profile?.real_name || profile?.display_name || answer.user?.real_name || answer.user?.name;
    return { userId, platform: 'slack', ...(email ? { email } : {}), ...(displayName ? { displayName } : {}) };
  }

  return {
    actorFor(userId) {
      const cached = cache.get(userId);
      if (cached) return cached;
      const pending = lookUp(userId).catch((error: unknown) => {
        // Not cached: the next event asks again. Without an e-mail the intent layer refuses politely.
        cache.delete(userId);
        options.log.warn({ err: error, platform: 'slack', user: userId }, 'users.info failed; acting without an e-mail');
        return { userId, platform: 'slack' as const };
      });
      cache.set(userId, pending);
      return pending;
    },
  };
}
