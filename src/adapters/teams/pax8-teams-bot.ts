import { type InvokeResponse, StatusCodes, TeamsActivityHandler, TeamsInfo, type TurnContext } from 'botbuilder';
import { answerCardInvoke, badInvoke } from './answer-card-invoke.ts';
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

  /**
   * `adaptiveCard/action` goes to {@link answerCardInvoke}, which reads the raw `activity.value`
   * with zod (botbuilder's reading drops `trigger` and throws on a value without `action`). Invokes
   * the bot does not take (`message/submitAction`, `task/fetch`, a name Teams never sends) are
   * refused as bad requests naming the invoke; botbuilder would answer 501, a server failure.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') {
      const body = await answerCardInvoke(context, this.deps);
      return { status: body.statusCode, body };
    }
    const response = await super.onInvokeActivity(context);
    if (response.status !== (StatusCodes.NOT_IMPLEMENTED as number)) return response;
    const body = badInvoke(`this bot takes no "${(context.activity.name ?? '').slice(0, 100)}" invoke`);
    return { status: body.statusCode, body };
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
