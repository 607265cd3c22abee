import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFakeBotConnector, type FakeBotConnector } from '../fakes/bot-connector.ts';
import { createFakeSlackWebApi, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';
import { demoPeople } from './demo-people.ts';

export interface PlatformFakes {
  readonly slack: FakeSlackWebApi;
  readonly teams: FakeBotConnector;
  /** Serves a request for a fake (`slack/api/...`, `teams/...` under `/console/`); false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
}

/**
 * The fake Slack Web API and Bot Connector (from `src/fakes/`, the same ones the adapters' tests
 * use) set up for console mode: they know the demo people (Slack `users.info` and Teams member
 * lookups give their e-mails, so roles work as in production), the Slack fake accepts only the
 * made-up bot token, and both are mounted under the console's own prefix.
 */
export function createPlatformFakes(options: { consoleUrl: string; botToken: string }): PlatformFakes {
  const slack = createFakeSlackWebApi({
    botToken: options.botToken,
    baseUrl: `${options.consoleUrl}/slack/api/`,
    users: demoPeople.map((p) => ({ id: p.slack.userId, name: p.slack.username, realName: p.name, email: p.email })),
  });
  const teams = createFakeBotConnector({
    members: demoPeople.map((p) => ({ id: p.teams.id, name: p.name, aadObjectId: p.teams.aadObjectId, email: p.email, userPrincipalName: p.email })),
  });
  return {
    slack,
    teams,
    async handle(req, res, path) {
      if (path.startsWith('slack/api/')) {
        slack.handler(req, res);
        return true;
      }
      if (path.startsWith('teams/')) {
        await teams.handle(req, res);
        return true;
      }
      return false;
    },
  };
}
