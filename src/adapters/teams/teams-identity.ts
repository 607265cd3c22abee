import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Actor, IdentityFreshness } from '../../intents/index.ts';
import type { Logger } from '../../log.ts';
import type { Clock } from '../../util/clock.ts';
import { createTtlCache } from '../../util/ttl-cache.ts';
import type { TeamsConversations } from './teams-conversations.ts';

/** How long a member's e-mail is trusted before Teams is asked again (a renamed UPN shows up within this). */
export const memberTtlMs = 10 * 60_000;

/** Members remembered at once; the least recently seen is asked again past this. */
export const membersKept = 5_000;

/**
 * Who sent an activity, as the intent layer needs it: roles are keyed by e-mail, and a Teams
 * activity only carries the user's MRI and `aadObjectId`, so the e-mail (or UPN) comes from
 * `TeamsInfo.getMember` (`GET /v3/conversations/{id}/members/{userId}`). Messages and reads take it
 * from a cache per user (bounded: {@link membersKept}, {@link memberTtlMs}); a decision asks Teams again past the cache and keeps that answer, so a
 * changed e-mail or UPN counts from the next click. A lookup that fails gives an actor without
 * e-mail (`unavailable`), whom the intent layer refuses anything that needs a role; it is not
 * cached, so the next activity asks again, and a cached answer never stands in for a fresh one.
 *
 * @see https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#get-single-member-details
 */
export function createTeamsIdentity(deps: { conversations: TeamsConversations; clock: Clock; log: Logger }) {
  const cache = createTtlCache<string, Actor>({ max: membersKept, ttlMs: memberTtlMs, now: () => deps.clock.now().getTime() });

  async function lookUp(context: TurnContext, userId: string): Promise<Actor | undefined> {
    try {
      const member = await TeamsInfo.getMember(context, userId);
      const email = await deps.conversations.rememberMember({ ...member, id: userId });
      return { userId, platform: 'teams', identity: 'fresh', ...(email ? { email } : {}), ...(member.name ? { displayName: member.name } : {}) };
    } catch (error) {
      deps.log.warn({ err: error, user: userId }, 'could not read the Teams member; roles cannot be checked');
      return undefined;
    }
  }

  return {
    /** The actor who sent `context.activity`; `fresh` asks Teams whatever the cache holds. */
    async actorFor(context: TurnContext, need: Exclude<IdentityFreshness, 'unavailable'>): Promise<Actor> {
      const from = context.activity.from;
      const cached = need === 'cached' ? cache.get(from.id) : undefined;
      if (cached) return cached;
      const actor = await lookUp(context, from.id);
      if (!actor) return { userId: from.id, platform: 'teams', identity: 'unavailable', ...(from.name ? { displayName: from.name } : {}) };
      const kept: Actor = { ...actor, identity: 'cached' };
      cache.set(from.id, kept);
      return need === 'fresh' ? actor : kept;
    },
  };
}

export type TeamsIdentity = ReturnType<typeof createTeamsIdentity>;
