import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { platforms } from './adapters/platforms.ts';
import { type ApprovalsEngine, createApprovalsEngine } from './approvals/index.ts';
import { type CardDelivery, createCardDelivery } from './delivery/create-card-delivery.ts';
import { chooseMicrosoft } from './choose-microsoft.ts';
import { createDigests } from './digests/create-digests.ts';
import type { AppConfig, Pax8InstanceConfig } from './config.ts';
import { consoleModeFor } from './console/console-mode.ts';
import { consoleWorkspaceFileName } from './console/console-workspace.ts';
import { type RunningConsole, startConsole } from './console/start-console.ts';
import { createHttpServer } from './http/create-http-server.ts';
import { approvalsPortFrom, createResolver, type IntentDeps, intentStoreFrom } from './intents/index.ts';
import { tenantSeatsFrom } from './intents/microsoft-side.ts';
import type { Logger } from './log.ts';
import { createPax8Clients, type Pax8Clients } from './pax8/index.ts';
import type { Sandbox } from './sandbox/index.ts';
import { createDbRateBudget, openStore, type Store } from './store/index.ts';
import { type Clock, systemClock } from './util/clock.ts';
import { createFollowingClock, type FollowingClock } from './util/create-following-clock.ts';
import { Secret } from './util/secret.ts';

export interface RunningBot {
  readonly url: string;
  readonly pax8: Pax8Clients;
  readonly store: Store;
  readonly clock: Clock;
  readonly sandbox: Sandbox | undefined;
  /** The local console, in console mode (no chat platform configured). */
  readonly console: RunningConsole | undefined;
  readonly approvals: ApprovalsEngine;
  readonly delivery: CardDelivery;
  /** What the adapters hand to the intent layer for every command and card action. */
  readonly intents: IntentDeps;
  close(): Promise<void>;
}

/** How often the scheduler looks for expiry, reminders, renewal-window runs and requests to recover. */
const schedulerIntervalMs = 5_000;

/**
 * Starts everything `npm start` runs, in order, and says what it chose: the Pax8 sandbox when no
 * credentials are set, embedded PGlite when no `DATABASE_URL` is, the HTTP server, and the local
 * console (bound to localhost, playing Slack and Teams) when no chat platform is configured. A
 * failure part-way closes what was already started.
 */
export async function startBot(givenConfig: AppConfig, log: Logger): Promise<RunningBot> {
  const closers: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
  };
  try {
    for (const warning of givenConfig.warnings) log.warn(warning);
    const consoleMode = consoleModeFor(givenConfig, log);
    const config = consoleMode?.config ?? givenConfig;
    const pax8Target = await choosePax8(config, log);
    if (pax8Target.sandbox) closers.push(() => pax8Target.sandbox?.close());
    const { clock, sandbox, following } = pax8Target;
    if (following) closers.push(() => following.stop());

    const store = await openStore({ databaseUrl: config.databaseUrl?.reveal(), dataDir: config.dataDir, log });
    closers.push(() => store.close());
    log.info(store.db.backend === 'pglite' ? `Database: embedded PGlite in ${config.dataDir}` : `Database: PostgreSQL at ${describeDatabase(config.databaseUrl)}`);

    // The client keeps real time (its rate limiter must never wait on a clock that jumps); a token that
    // the sandbox expired after a clock jump is refreshed on the 401. On PostgreSQL the replicas share
    // each account's budget through the database; embedded PGlite means one process, kept in memory.
    const limit = config.pax8.rateLimitPerMinute;
    const pax8 = createPax8Clients(pax8Target.instances, {
      log,
      rateLimitPerMinute: limit,
      timeoutMs: config.pax8.timeoutMs,
      ...(store.db.backend === 'postgres' ? { rateBudgetFor: (account: string) => createDbRateBudget(store.db, { account, limit }) } : {}),
    });

    // Each request names its Pax8 account (the company's); one stored before accounts were recorded
    // goes to the default account.
    const resolver = createResolver({ pax8, clock, log });
    const microsoft = await chooseMicrosoft(config, { sandbox, store, pax8, clock, log, products: (account) => resolver.products(account) });
    const approvals = createApprovalsEngine({ store, pax8: pax8.get(), accounts: pax8, policy: config.policy, clock, log, tenants: tenantSeatsFrom(microsoft) });
    approvals.scheduler.start(schedulerIntervalMs);
    closers.push(() => approvals.scheduler.stop());
    const intents: IntentDeps = {
      pax8,
      approvals: approvalsPortFrom(approvals, store),
      store: intentStoreFrom(store),
      clock,
      log,
      policy: { roles: config.policy.roles, approvals: { selfApproval: config.policy.approvals.selfApproval }, mappings: config.mappings, licenceIgnores: config.digests.ignore },
      resolver,
      microsoft,
    };

    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics });
    const server = createHttpServer({
      log,
      metrics,
      readiness: [{ name: 'database', check: async () => void (await store.db.query('select 1')) }],
      gate: consoleMode?.gate,
    });
    const { url } = await server.listen(config.port, consoleMode?.host);
    closers.push(() => server.close());
    log.info(`Listening on ${url} (health: ${url}/healthz, readiness: ${url}/readyz, metrics: ${url}/metrics)`);
    const localConsole =
      consoleMode &&
      startConsole({
        mode: consoleMode,
        http: server,
        listeningUrl: url,
        store,
        sandboxUrl: sandbox?.url,
        syncClock: following && (() => following.sync()),
        workspaceFile: join(config.dataDir, consoleWorkspaceFileName),
        log,
        microsoft,
      });
    if (localConsole) closers.push(() => localConsole.stop());
    const platformConfig = localConsole?.platformConfig ?? config;

    const delivery = createCardDelivery({
      engine: approvals,
      store,
      configuredChannels: { slack: config.slack.approvalsChannel, teams: config.teams.approvalsConversationId },
      clock,
      log,
    });
    closers.push(async () => {
      delivery.stop();
      await delivery.idle();
    });
    for (const platform of localConsole?.platforms ?? platforms.filter((p) => p.enabled(config))) {
      const running = await platform.start({ config: platformConfig, intents, delivery, store, clock, log, http: server, listeningUrl: url });
      closers.push(() => running.stop());
      delivery.attach(running.outbox);
    }
    const digests = createDigests({ config: config.digests, store, intents, post: (platform, conversationId, view) => delivery.post(platform, conversationId, view), clock, log, instanceId: randomUUID() });
    approvals.scheduler.addPass('digests', () => digests.tick());
    logChatPlatforms(givenConfig, log, Boolean(localConsole));
    if (localConsole) log.info(`Console: ${localConsole.url} plays Slack and Teams on this machine (ready ${Math.round(process.uptime() * 1000)} ms after the process started)`);
    return { url, pax8, store, clock, sandbox, console: localConsole || undefined, approvals, intents, delivery, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

interface Pax8Target {
  instances: readonly Pax8InstanceConfig[];
  sandbox: Sandbox | undefined;
  clock: Clock;
  /** The clock again when it follows the sandbox: stopped at shutdown, synced when the console moves it. */
  following?: FollowingClock;
}

async function choosePax8(config: AppConfig, log: Logger): Promise<Pax8Target> {
  if (!config.sandbox.enabled) {
    for (const i of config.pax8.instances) log.info(`Pax8: account "${i.name}"${i.isDefault ? ' (default)' : ''} at ${i.baseUrl}`);
    return { instances: config.pax8.instances, sandbox: undefined, clock: systemClock };
  }
  const { startSandbox } = await import('./sandbox/index.ts');
  const sandbox = await startSandbox({ host: '127.0.0.1', port: config.sandbox.port });
  // The bot's scheduler follows the sandbox clock, so advancing the sandbox moves renewals and expiry.
  const clock = await createFollowingClock(sandbox.url, { log });
  log.info(`Pax8: no credentials set, using the built-in sandbox at ${sandbox.baseUrl} (demo data, no real orders)`);
  const instance: Pax8InstanceConfig = {
    name: 'sandbox',
    isDefault: true,
    clientId: sandbox.clientId,
    clientSecret: new Secret(sandbox.clientSecret),
    baseUrl: sandbox.baseUrl,
    tokenUrl: sandbox.tokenUrl,
    audience: sandbox.audience,
  };
  return { instances: [instance], sandbox, clock, following: clock };
}

function logChatPlatforms(config: AppConfig, log: Logger, playedByConsole: boolean): void {
  const hint = {
    slack: 'set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN',
    teams: 'set MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId',
  };
  if (playedByConsole) {
    log.info(`Slack: played by the local console (to connect a workspace, ${hint.slack})`);
    log.info(`Teams: played by the local console (to connect a tenant, ${hint.teams})`);
    return;
  }
  const slack = config.slack.botToken ? (config.slack.appToken ? 'Socket Mode' : 'HTTP at /slack/events') : undefined;
  log.info(slack ? `Slack: ${slack}` : `Slack: not configured (${hint.slack})`);
  log.info(config.teams.appId ? `Teams: app ${config.teams.appId} at /api/messages` : `Teams: not configured (${hint.teams})`);
}

/** Host and database name only: a connection string may carry a password. */
export function describeDatabase(url: Secret | undefined): string {
  if (!url) return '(none)';
  try {
    const parsed = new URL(url.reveal());
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
