import type { AppConfig } from '../config.ts';
import type { PlatformFactory } from './platform.ts';
import { slackEnabled } from './slack/slack-enabled.ts';
import { teamsEnabled } from './teams/teams-enabled.ts';

/**
 * A platform whose adapter (and with it its SDK) is imported when it starts: a bot without Teams
 * never loads botbuilder (some 50 MB resident), one without Slack never loads Bolt (some 30 MB).
 */
function loadedOnStart(name: string, enabled: (config: AppConfig) => boolean, load: () => Promise<PlatformFactory>): PlatformFactory {
  return { name, enabled, start: async (context) => (await load()).start(context) };
}

/** Every chat platform the bot can serve, started in this order when the configuration enables it. */
export const platforms: readonly PlatformFactory[] = [
  loadedOnStart('teams', teamsEnabled, async () => (await import('./teams/index.ts')).teamsPlatform),
  loadedOnStart('slack', slackEnabled, async () => (await import('./slack/index.ts')).slackPlatform),
];
