import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config.ts';
import { configFileSchema } from '../config-file.ts';
import type { RequestGate } from '../http/create-http-server.ts';
import type { Logger } from '../log.ts';
import { Secret } from '../util/secret.ts';
import { consoleSlackApprovalsChannel, consoleTeamsApprovalsConversation, demoPeople } from './demo-people.ts';
import { localOnlyGate } from './loopback-only.ts';

/** Console mode's settings, made up at start and never written anywhere. */
export interface ConsoleSettings {
  /** Bot token the Slack adapter sends to the console's fake Web API. */
  readonly slackBotToken: Secret;
  /** Signing secret the console signs its Slack requests with; the adapter verifies them with it. */
  readonly slackSigningSecret: Secret;
}

/** Console mode as the composition root sees it. */
export interface ConsoleMode {
  /** The configuration the bot runs with: the demo policy when there is no config file, the console's approvals channels. */
  readonly config: AppConfig;
  readonly settings: ConsoleSettings;
  /** The address the bot's server must bind to: the console is for this machine only. */
  readonly host: 'localhost';
  /** What every request to that server must pass: it comes from this machine (see `isLocalRequest`). */
  readonly gate: RequestGate;
}

/**
 * Whether `npm start` serves the local console, and with what: when neither Slack nor Teams
 * credentials are set (the embedded default: nothing to talk to but the console), or when
 * `CONSOLE=true` asks for it. Any set platform credentials are then not used, so the console and its
 * fake platform endpoints can never sit next to a production Slack or Teams setup by accident.
 */
export function consoleModeFor(config: AppConfig, log: Logger): ConsoleMode | undefined {
  const platformCredentials = Boolean(config.slack.botToken || config.slack.appToken || config.teams.appId);
  if (platformCredentials && !config.console.forced) return undefined;
  if (platformCredentials) log.warn('CONSOLE=true: the Slack and Teams credentials are not used; the local console plays both platforms');
  const demo = configFileSchema.parse({
    roles: {
      admins: demoPeople.filter((p) => p.role === 'admin').map((p) => p.email),
      approvers: demoPeople.filter((p) => p.role === 'approver').map((p) => p.email),
      requesters: ['*'],
    },
  });
  if (config.configFile) log.info(`Console: roles from ${config.configFile}; the console's people are ${demoPeople.map((p) => p.email).join(', ')}`);
  else log.info(`Console: no config file, using the demo policy (requester ${emailOf('requester')}, approvers ${emailOf('approver')}, admin ${emailOf('admin')})`);
  const settings: ConsoleSettings = {
    slackBotToken: new Secret(`xoxb-console-${randomBytes(12).toString('hex')}`),
    slackSigningSecret: new Secret(randomBytes(32).toString('hex')),
  };
  const consoleConfig: AppConfig = {
    ...config,
    policy: config.configFile ? config.policy : { roles: demo.roles, approvals: config.policy.approvals },
    slack: { ...config.slack, approvalsChannel: consoleSlackApprovalsChannel },
    teams: { ...config.teams, approvalsConversationId: consoleTeamsApprovalsConversation },
  };
  return { config: consoleConfig, settings, host: 'localhost', gate: localOnlyGate };
}

function emailOf(role: string): string {
  return demoPeople.filter((p) => p.role === role).map((p) => p.email).join(', ');
}

/**
 * The configuration the chat adapters start with in console mode: Slack with the made-up token and
 * signing secret (verification stays on) and the console's fake Web API as `apiUrl`; Teams without
 * an app id (anonymous, which only console mode allows). Nothing of the real credentials is kept.
 */
export function consolePlatformConfig(mode: ConsoleMode, slackApiUrl: string): AppConfig {
  return {
    ...mode.config,
    slack: {
      ...mode.config.slack,
      botToken: mode.settings.slackBotToken,
      signingSecret: mode.settings.slackSigningSecret,
      appToken: undefined,
      apiUrl: slackApiUrl,
      dangerouslySkipVerification: false,
    },
    teams: { ...mode.config.teams, appId: undefined, appPassword: undefined, tenantId: undefined },
  };
}
