import { type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, TeamsActivityHandler, TeamsInfo, type TurnContext } from 'botbuilder';
import { answerCardInvoke } from './answer-card-invoke.ts';
import { handleTeamsMessage } from './handle-teams-message.ts';
import type { TeamsTurnDeps } from './teams-turn-deps.ts';

/**
 * The Teams activity routing, and nothing else: messages become commands, `adaptiveCard/action`
 * invokes become card actions, and an installation records where the bot can post (the
 * conversation reference) and who is in the team (e-mail → Teams id, for `refresh.userIds`).
 */
export class Pax8TeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsTurnDeps) {
    super();
    this.onMessage(async (context, next) => {
      await handleTeamsMessage(context, deps);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberInstallation(context);
      await next();
    });
    this.onTeamsMembersAddedEvent(async (membersAdded, _teamInfo, context, next) => {
      if (membersAdded.some((m) => m.id === context.activity.recipient.id)) await this.rememberInstallation(context);
      await next();
    });
  }

  protected override onAdaptiveCardInvoke(context: TurnContext, _value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    // The raw `activity.value` is parsed with zod instead: botbuilder's reading drops `trigger`.
    return answerCardInvoke(context, this.deps);
  }

  /** The bot was added to a team or chat: keep its conversation reference and the members' ids. */
  private async rememberInstallation(context: TurnContext): Promise<void> {
    await this.deps.conversations.remember(context.activity);
    if (context.activity.conversation.conversationType === 'personal') return;
    try {
      let continuationToken: string | undefined;
      do {
        const page = await TeamsInfo.getPagedMembers(context, 500, continuationToken);
        for (const member of page.members) await this.deps.conversations.rememberMember(member);
        continuationToken = page.continuationToken || undefined;
      } while (continuationToken);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'could not list the team members; approvers get their buttons once they have written to the bot');
    }
  }
}
