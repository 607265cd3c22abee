/** The Teams adapter: the only code that imports botbuilder. */
export { createTeamsPlatform, teamsPlatform, teamsMessagesPath, type TeamsPlatformOptions } from './create-teams-platform.ts';
export type { TeamsAuthOptions } from './create-teams-authentication.ts';
