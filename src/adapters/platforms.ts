import type { PlatformFactory } from './platform.ts';
import { slackPlatform } from './slack/index.ts';
import { teamsPlatform } from './teams/index.ts';

/** Every chat platform the bot can serve, started in this order when the configuration enables it. */
export const platforms: readonly PlatformFactory[] = [teamsPlatform, slackPlatform];
