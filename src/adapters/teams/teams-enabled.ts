import type { AppConfig } from '../../config.ts';

/** Whether the configuration asks for Teams: `MicrosoftAppId` is set. */
export const teamsEnabled = (config: AppConfig): boolean => config.teams.appId !== undefined;
