import { slackPlatform } from '../adapters/slack/index.ts';
import { createTeamsPlatform } from '../adapters/teams/index.ts';
import type { PlatformFactory } from '../adapters/platform.ts';
import { demoConversations, demoPeople } from './demo-people.ts';
import type { TeamsDriver } from './teams-driver.ts';

/**
 * The chat platforms console mode starts: the real Slack adapter (enabled by the made-up token and
 * signing secret of the console's platform config) and the real Teams adapter without an app id,
 * which only the console may ask for, taking only activities that name the console's fake Bot
 * Connector (`teamsServiceUrl`) as their `serviceUrl`. Once the Teams adapter listens, the console installs the app
 * in the demo team's channels the way Teams does, so the bot knows where to post approval cards and
 * who the members are (their e-mails, for the approvers' buttons) before anyone has typed.
 */
export function consolePlatforms(teamsDriver: TeamsDriver, teamsServiceUrl: string): readonly PlatformFactory[] {
  const teams = createTeamsPlatform({ anonymous: { serviceUrl: teamsServiceUrl } });
  const installer = demoPeople.find((p) => p.role === 'admin') ?? demoPeople[0];
  return [
    {
      name: 'teams',
      enabled: () => true,
      async start(context) {
        const running = await teams.start(context);
        for (const conversation of demoConversations('teams').filter((c) => c.kind !== 'personal')) {
          if (!installer) break;
          const answer = await teamsDriver.installed(installer, conversation);
          if (answer.status >= 300) context.log.warn({ status: answer.status, conversation: conversation.id }, 'Console: the Teams app could not be installed in a demo channel');
        }
        return running;
      },
    },
    slackPlatform,
  ];
}
