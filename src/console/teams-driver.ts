import { randomUUID } from 'node:crypto';
import { type DemoConversation, type DemoPerson, demoWorkspace } from './demo-people.ts';
import { parseMaybeJson } from './http-io.ts';

export interface TeamsDriverOptions {
  /** The bot's base URL; activities go to `{botUrl}/api/messages` like the Bot Connector's would. */
  readonly botUrl: string;
  /** The fake Bot Connector; every activity names it as `serviceUrl`, so the bot's replies go there. */
  readonly serviceUrl: string;
  readonly now?: () => Date;
}

/** An `Action.Execute` as the Adaptive Cards renderer reports it. */
export interface ExecutedAction {
  readonly verb: string;
  readonly data: unknown;
  readonly id?: string;
  readonly title?: string;
}

/** The bot's HTTP answer to an activity; for an invoke, the body is the invoke response. */
export interface TeamsAnswer {
  readonly status: number;
  readonly body: unknown;
}

const tenant = { id: demoWorkspace.teams.tenantId };
const bot = { id: demoWorkspace.teams.botId, name: demoWorkspace.teams.botName };

/**
 * Plays the Teams client and Bot Connector towards the bot: builds `message` activities (with the
 * bot's @mention in channels, as Teams sends them) and `invoke` activities named
 * `adaptiveCard/action` (the Universal Actions shape of
 * `test/reference/samples/teams/invoke-adaptiveCard-action.json`, manual for a click and automatic
 * for a refresh), and posts them to `/api/messages`.
 *
 * @see https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
 */
export function createTeamsDriver(options: TeamsDriverOptions) {
  const now = options.now ?? (() => new Date());

  function base(person: DemoPerson, conversation: DemoConversation) {
    const personal = conversation.kind === 'personal';
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: options.serviceUrl,
      timestamp: now().toISOString(),
      localTimestamp: now().toISOString(),
      locale: 'en-US',
      from: { id: person.teams.id, name: person.name, aadObjectId: person.teams.aadObjectId },
      recipient: bot,
      conversation: personal
        ? { id: conversation.id, conversationType: 'personal', tenantId: tenant.id }
        : { id: conversation.id, isGroup: true, conversationType: 'channel', tenantId: tenant.id, name: conversation.name },
      channelData: personal
        ? { tenant }
        : { tenant, teamsChannelId: conversation.id, teamsTeamId: demoWorkspace.teams.teamId, channel: { id: conversation.id }, team: { id: demoWorkspace.teams.teamId } },
    };
  }

  async function post(activity: object): Promise<TeamsAnswer> {
    const response = await fetch(`${options.botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    return { status: response.status, body: parseMaybeJson(await response.text()) };
  }

  return {
    /** Text typed in a conversation; in a channel it starts with the bot's mention, as in Teams. */
    message(person: DemoPerson, conversation: DemoConversation, text: string): Promise<TeamsAnswer> {
      const activity = base(person, conversation);
      const mention = `<at>${bot.name}</at>`;
      const personal = conversation.kind === 'personal';
      return post({
        ...activity,
        type: 'message',
        textFormat: 'plain',
        text: personal ? text : `${mention} ${text}`,
        entities: personal ? [] : [{ type: 'mention', text: mention, mentioned: bot }],
      });
    },

    /**
     * The app added to the demo team, as Teams announces it (`conversationUpdate`, `teamMemberAdded`
     * naming the bot, like `test/reference/samples/teams/conversationUpdate-bot-added-to-team.json`):
     * the bot learns where it can post and reads the member list, as after a real installation.
     */
    installed(person: DemoPerson, conversation: DemoConversation): Promise<TeamsAnswer> {
      const activity = base(person, conversation);
      return post({
        ...activity,
        type: 'conversationUpdate',
        membersAdded: [{ id: bot.id }],
        channelData: { ...activity.channelData, eventType: 'teamMemberAdded', team: { id: demoWorkspace.teams.teamId, name: 'IT' }, settings: { selectedChannel: { id: conversation.id } } },
      });
    },

    /** An `Action.Execute` on a card the bot posted: `manual` for a click, `automatic` for a refresh. */
    action(person: DemoPerson, conversation: DemoConversation, replyToId: string, action: ExecutedAction, trigger: 'manual' | 'automatic'): Promise<TeamsAnswer> {
      const activity = base(person, conversation);
      return post({
        ...activity,
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId,
        channelData: { ...activity.channelData, source: { name: 'message' }, legacy: { replyToId } },
        value: { action: { type: 'Action.Execute', id: action.id ?? '', verb: action.verb, data: action.data, ...(action.title ? { title: action.title } : {}) }, trigger },
      });
    },
  };
}

export type TeamsDriver = ReturnType<typeof createTeamsDriver>;
