import type { PlatformFactory } from '../adapters/platform.ts';
import type { AppConfig } from '../config.ts';
import type { HttpServer } from '../http/create-http-server.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import { createConsoleActions } from './console-actions.ts';
import { type ConsoleMode, consolePlatformConfig } from './console-mode.ts';
import { consolePlatforms } from './console-platforms.ts';
import { createConsoleRoutes } from './console-routes.ts';
import { createConsoleTranscript, type ConsoleTranscript } from './console-transcript.ts';
import { keepConsoleWorkspace, readConsoleWorkspace } from './console-workspace.ts';
import { followFakes } from './follow-fakes.ts';
import { sendText } from './http-io.ts';
import { createPlatformFakes, type PlatformFakes } from './platform-fakes.ts';
import { createSandboxPanels } from './sandbox-panels.ts';
import { createTenantPanel } from './tenant-panel.ts';
import type { MicrosoftSide } from '../intents/ports.ts';
import { createStaticAssets } from './serve-static.ts';
import { createSlackDriver } from './slack-driver.ts';
import { createTeamsDriver } from './teams-driver.ts';

export interface StartConsoleOptions {
  readonly mode: ConsoleMode;
  readonly http: HttpServer;
  /** Where the bot's server listens (`http://localhost:{port}` in console mode). */
  readonly listeningUrl: string;
  readonly store: Pick<Store, 'audit' | 'requests'>;
  /** The built-in sandbox's admin URL; undefined against a real Pax8 account. */
  readonly sandboxUrl: string | undefined;
  /** Makes the bot's clock read the sandbox clock now, so a request made right after "+1 day" uses the new time. */
  readonly syncClock?: (() => Promise<void>) | undefined;
  /**
   * Where the console keeps its conversations across restarts (see `keepConsoleWorkspace`): in
   * `DATA_DIR` beside the embedded database, so a restart with the same data shows the same panes.
   * Undefined: kept in memory only.
   */
  readonly workspaceFile?: string | undefined;
  readonly log: Logger;
  /** The bot's Microsoft 365 side, for the panel showing the sandbox's tenants. */
  readonly microsoft?: MicrosoftSide | undefined;
}

export interface RunningConsole {
  /** The page, as printed at start: `http://localhost:{port}/console`. */
  readonly url: string;
  /** The configuration the chat adapters start with (see {@link consolePlatformConfig}). */
  readonly platformConfig: AppConfig;
  /** The chat platforms to start, in place of the configured ones (see {@link consolePlatforms}). */
  readonly platforms: readonly PlatformFactory[];
  readonly transcript: ConsoleTranscript;
  /** The fake Slack Web API and Bot Connector the adapters talk to; tests read what they recorded. */
  readonly fakes: PlatformFakes;
  /** The fake Bot Connector's URL: the one `serviceUrl` the Teams adapter accepts in console mode. */
  readonly teamsServiceUrl: string;
  stop(): void;
}

/**
 * Mounts the local console on the bot's server: the page and its assets, its JSON/SSE API, and the
 * fake Slack Web API (`/console/slack/api/`) and Bot Connector (`/console/teams/`) that the adapters
 * talk to in console mode. The server must carry console mode's gate, which refuses every request
 * (to `/console` and to everything else on it) that is not from this machine.
 */
export function startConsole(options: StartConsoleOptions): RunningConsole {
  const { listeningUrl } = options;
  if (options.http.gate !== options.mode.gate) throw new Error('the console needs a server with the gate of console mode, which answers only this machine');
  const base = `${listeningUrl}/console`;
  const teamsServiceUrl = `${base}/teams/`;
  const kept = options.workspaceFile ? readConsoleWorkspace(options.workspaceFile, options.log) : undefined;
  const transcript = createConsoleTranscript(kept ? { initial: kept.transcript } : {});
  const fakes = createPlatformFakes({ consoleUrl: base, botToken: options.mode.settings.slackBotToken.reveal() });
  if (kept) {
    fakes.slack.restore(kept.slack);
    fakes.teams.restore(kept.teams);
    options.log.info(`Console: ${kept.transcript.length} messages kept from before the restart (${options.workspaceFile ?? ''})`);
  }
  const keeping = options.workspaceFile ? keepConsoleWorkspace({ path: options.workspaceFile, transcript, fakes, log: options.log }) : undefined;
  const slack = createSlackDriver({
    botUrl: listeningUrl,
    signingSecret: options.mode.settings.slackSigningSecret.reveal(),
    responseUrl: (channel, user, ts) => fakes.slack.responseUrl(channel, user, ts),
  });
  const teams = createTeamsDriver({ botUrl: listeningUrl, serviceUrl: teamsServiceUrl });
  const actions = createConsoleActions({ transcript, slack, teams, slackModals: fakes.slack });
  const stopFollowing = followFakes(fakes, transcript, actions);
  const routes = createConsoleRoutes({
    transcript,
    actions,
    panels: createSandboxPanels({ sandboxUrl: options.sandboxUrl, store: options.store, syncClock: options.syncClock }),
    sandbox: options.sandboxUrl !== undefined,
    tenantPanel: createTenantPanel({ sandboxUrl: options.sandboxUrl, microsoft: options.microsoft }),
  });
  const assets = createStaticAssets();

  options.http.mount('/console', async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/^\/console\/?/, '');
    if (path.startsWith('api/')) return routes(req, res, path.slice('api/'.length));
    if (await fakes.handle(req, res, path)) return;
    const asset = path === '' ? 'index.html' : path.startsWith('assets/') ? path.slice('assets/'.length) : undefined;
    if (req.method === 'GET' && asset !== undefined && (await assets.send(res, asset))) return;
    sendText(res, 404, 'not found\n');
  });

  return {
    url: `${listeningUrl}/console`,
    platformConfig: consolePlatformConfig(options.mode, `${base}/slack/api/`),
    platforms: consolePlatforms(teams, teamsServiceUrl),
    transcript,
    fakes,
    teamsServiceUrl,
    stop() {
      stopFollowing();
      keeping?.stop();
    },
  };
}
