import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Actor } from '../../intents/index.ts';
import type { Logger } from '../../log.ts';
import type { Clock } from '../../util/clock.ts';
import type { TeamsConversations } from './teams-conversations.ts';

/** How long a member's e-mail is trusted before Teams is asked again (a renamed UPN shows up within this). */
export const memberTtlMs = 10 * 60_000;

interface CachedActor {
  readonly actor: Actor;
  readonly until: number;
}

/**
 * Who sent an activity, as the intent layer needs it: roles are keyed by e-mail, and a Teams
 * activity only carries the user's MRI and `aadObjectId`, so the e-mail (or UPN) comes from
 * `TeamsInfo.getMember`, cached per user. A lookup that fails gives an actor without e-mail, whom
 * the intent layer refuses anything that needs a role; it is not cached, so the next message retries.
 *
 * @see https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#get-single-member-details
 */
export function createTeamsIdentity(deps: { conversations: TeamsConversations; clock: Clock; log: Logger }) {
  const cache = new Map<string, CachedActor>();

  async function lookUp(context: TurnContext, userId: string): Promise<Actor | undefined> {
    try {
      const member = await TeamsInfo.getMember(context, userId);
      const email = await deps.conversations.rememberMember({ ...member, id: userId });
      return { userId, platform: 'teams', ...(email ? { email } : {}), ...(member.name ? { displayName: member.name } : {}) };
    } catch (error) {
      deps.log.warn({ err: error, user: userId }, 'could not read the Teams member; roles cannot be checked');
      return undefined;
    }
  }

  return {
    async actorFor(context: TurnContext): Promise<Actor> {
      const from = context.activity.from;
      const now = deps.clock.now().getTime();
      const cached = cache.get(from.id);
      if (cached && cached.until > now) return cached.actor;
      const actor = await lookUp(context, from.id);
      if (!actor) return { userId: from.id, platform: 'teams', ...(from.name ? { displayName: from.name } : {}) };
      cache.set(from.id, { actor, until: now + memberTtlMs });
      return actor;
    },
  };
}

export type TeamsIdentity = ReturnType<typeof createTeamsIdentity>;
