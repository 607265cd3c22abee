import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Activity, ActivityTypes, CloudAdapter, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Logger } from '../../log.ts';
import type { PlatformContext, PlatformFactory, RunningPlatform } from '../platform.ts';
import { createSeenEvents } from '../../util/ttl-cache.ts';
import { createBackgroundTasks } from './background-tasks.ts';
import { invokeError } from './answer-card-invoke.ts';
import { BodyError, readJsonBody } from './bot-http-shim.ts';
import { type Admission, checkCredentialsAtStart, createTeamsAuthentication, type TeamsAuthOptions } from './create-teams-authentication.ts';
import { createPersonalChats, createTeamsOutbox } from './create-teams-outbox.ts';
import { loginFor } from './bot-framework-token.ts';
import { checkInboundActivity, withActivityDates } from './inbound-activity.ts';
import { Pax8TeamsBot } from './pax8-teams-bot.ts';
import { createTeamsRenderer } from './render-teams-view.ts';
import { createTeamsConversations } from './teams-conversations.ts';
import { teamsEnabled } from './teams-enabled.ts';
import { createTeamsIdentity } from './teams-identity.ts';
import { continueWith, type TeamsTurnDeps } from './teams-turn-deps.ts';

/** Where Teams (the Bot Framework channel) posts activities; the Azure Bot's messaging endpoint. */
export const teamsMessagesPath = '/api/messages';

export interface TeamsPlatformOptions extends TeamsAuthOptions {
  /** How long a card click waits for its answer before it gets the "working" card (Teams gives an invoke about 15 s). */
  readonly invokeAnswerMs?: number;
}

/**
 * The Teams platform: botbuilder's `CloudAdapter` and `TeamsActivityHandler` on `POST /api/messages`.
 * `teamsPlatform` is what `npm start` uses (enabled by `MicrosoftAppId`, JWT checked). The local
 * console starts its own with `createTeamsPlatform({ anonymous: { serviceUrl } })` and calls `start`
 * with a config that has no app id: no authentication, a warning in the log, and only activities
 * whose `serviceUrl` is the console's fake Bot Connector (`src/fakes/bot-connector.ts`).
 */
export function createTeamsPlatform(options: TeamsPlatformOptions = {}): PlatformFactory {
  return {
    name: 'teams',
    enabled: teamsEnabled,
    start: (context) => startTeams(context, options),
  };
}

async function startTeams(ctx: PlatformContext, options: TeamsPlatformOptions): Promise<RunningPlatform> {
  const log = ctx.log.child({ platform: 'teams' });
  const auth = createTeamsAuthentication(ctx.config.teams, options, log);
  await checkCredentialsAtStart(auth, log);
  const adapter = new DoorAdapter(auth.botFramework);
  const conversations = createTeamsConversations(ctx.store, ctx.clock);
  const background = createBackgroundTasks(log);
  const personalChat = createPersonalChats({
    conversations,
    // The audience is named: botbuilder takes an empty one as given (not as "the configured scope"),
    // and a token for no scope is refused.
    createConversation: (serviceUrl, parameters, logic) => adapter.createConversationAsync(ctx.config.teams.appId ?? '', 'msteams', serviceUrl, loginFor(ctx.config.teams).oauthScope, parameters, logic),
  });
  const deps: TeamsTurnDeps = {
    intents: ctx.intents,
    delivery: ctx.delivery,
    policy: ctx.config.policy,
    clock: ctx.clock,
    log,
    conversations,
    identity: createTeamsIdentity({ conversations, clock: ctx.clock, log }),
    renderer: createTeamsRenderer(ctx.config.policy, conversations),
    background,
    // Teams sends a message again, with the same id, when the bot has not answered within about 15 s.
    recentEvents: createSeenEvents({ max: 10_000, ttlMs: 10 * 60_000, now: () => ctx.clock.now().getTime() }),
    continueIn: continueWith(adapter, ctx.config.teams.appId),
    personalChat,
    invokeAnswerMs: options.invokeAnswerMs ?? 8_000,
  };
  adapter.onTurnError = (turn, error) => answerTurnError(turn, error, log);
  const bot = new Pax8TeamsBot(deps);
  const door: ActivityDoor = {
    onlyServiceUrl: ctx.config.teams.appId ? undefined : options.anonymous?.serviceUrl,
    admit: (activity, authorization) => auth.admit(activity, authorization),
    log,
    // The activity goes to the turn as `CloudAdapter.process` would hand it on, without its checks
    // (a zod schema built anew per activity, a sixth of a turn's garbage): the door made them already.
    process: (activity, authorization) => adapter.runTurn(authorization, activity, (turn) => bot.run(turn)),
  };
  ctx.http.mount(teamsMessagesPath, (req, res) => serveActivity(req, res, door));
  const outbox = createTeamsOutbox({
    conversations,
    renderer: deps.renderer,
    continueIn: deps.continueIn,
    personalChat,
  });
  log.info(`Teams: ${ctx.config.teams.appId ? `app ${ctx.config.teams.appId}` : 'anonymous (console only)'} at ${ctx.listeningUrl}${teamsMessagesPath}${describeCloud(ctx.config.teams)}`);
  return { name: 'teams', outbox, stop: () => background.idle() };
}

/**
 * botbuilder's `CloudAdapter`, taking activities the bot's HTTP door has read, admitted and checked:
 * `runTurn` is its `processActivity` (authentication through {@link createTeamsAuthentication}'s
 * result for that activity, the turn, the invoke's answer), without `process`'s request parsing.
 */
class DoorAdapter extends CloudAdapter {
  runTurn(authorization: string, activity: Activity, logic: (turn: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

/** Which Bot Framework the bot trusts, for the start log: the public cloud unless the endpoint settings say otherwise. */
function describeCloud(teams: PlatformContext['config']['teams']): string {
  if (!teams.appId) return '';
  return teams.endpoints ? ` (Bot Framework keys from ${teams.endpoints.openIdMetadataUrl}, tokens from ${teams.endpoints.loginUrl})` : ' (public Azure cloud)';
}

interface ActivityDoor {
  /** Without an app id: the one `serviceUrl` an activity may name (see `TeamsAuthOptions.anonymous`). */
  readonly onlyServiceUrl: string | undefined;
  /** Whether the activity's Bot Framework token is good (`TeamsAuthentication.admit`). */
  admit(activity: Record<string, unknown>, authorization: string): Promise<Admission>;
  readonly log: Logger;
  /** Runs the turn of an admitted, checked activity; an invoke's answer is what it resolves with. */
  process(activity: Activity, authorization: string): Promise<InvokeResponse | undefined>;
}

/**
 * Reads the body for botbuilder (which expects it parsed) and refuses what is not a POSTed JSON
 * object, without an app id an activity that names any `serviceUrl` but the one allowed, with one an
 * activity without a good Bot Framework token (401, before anything else is looked at), and an
 * activity whose fields have types botbuilder would trip over (see `checkInboundActivity`).
 */
async function serveActivity(req: IncomingMessage, res: ServerResponse, door: ActivityDoor): Promise<void> {
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  let body: Record<string, unknown>;
  try {
    body = await readJsonBody(req);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    res.writeHead(error.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${error.message}\n`);
    return;
  }
  if (door.onlyServiceUrl !== undefined && body.serviceUrl !== door.onlyServiceUrl) {
    door.log.warn({ serviceUrl: typeof body.serviceUrl === 'string' ? body.serviceUrl.slice(0, 200) : typeof body.serviceUrl }, 'activity refused: its serviceUrl is not the console’s Bot Connector');
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('console mode: an activity’s serviceUrl must be the console’s Bot Connector\n');
    return;
  }
  const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
  const admission = await door.admit(body, authorization);
  if (!admission.ok) {
    door.log.warn({ reason: admission.reason }, 'activity refused: no good Bot Framework token');
    res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' }).end('this endpoint takes only activities with a Bot Framework token for this bot\n');
    return;
  }
  const check = checkInboundActivity(body);
  if (!check.ok) {
    door.log.warn({ problem: check.problem }, 'activity refused: not a Teams activity');
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`not a Teams activity: ${check.problem}\n`);
    return;
  }
  let answer: InvokeResponse | undefined;
  try {
    answer = await door.process(withActivityDates(body), authorization);
  } catch (error) {
    // The turn's own errors are answered by `answerTurnError`; this is botbuilder failing around it.
    door.log.error({ err: error, activityType: body.type, eventId: body.id }, 'Teams activity could not be processed');
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('the bot could not process this activity\n');
    return;
  }
  if (answer?.body === undefined || answer.body === null) {
    res.writeHead(answer?.status ?? 200).end();
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer.body));
}

/**
 * A turn that failed, logged once and answered: a message with an apology (which may fail too, when
 * the Bot Connector is what failed), an invoke with a 500 invoke response (botbuilder would answer
 * 501, as if the invoke were unknown).
 */
async function answerTurnError(turn: TurnContext, error: Error, log: Logger): Promise<void> {
  log.error({ err: error, activityType: turn.activity.type, eventId: turn.activity.id }, 'Teams turn failed');
  if (turn.activity.type === 'invoke') {
    const body = invokeError(500, 'Something went wrong on the bot’s side; please try again.');
    await turn.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: body.statusCode, body } });
  } else if (turn.activity.type === 'message') {
    await turn.sendActivity('Something went wrong on the bot’s side; please try again.').catch((sendError: unknown) => {
      log.warn({ err: sendError, eventId: turn.activity.id }, 'could not tell the user that the turn failed');
    });
  }
}

/** What `npm start` runs when `MicrosoftAppId` is set. */
export const teamsPlatform: PlatformFactory = createTeamsPlatform();
