import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { platforms } from './adapters/platforms.ts';
import { type ApprovalsEngine, createApprovalsEngine } from './approvals/index.ts';
import { type CardDelivery, createCardDelivery } from './delivery/create-card-delivery.ts';
import { chooseMicrosoft } from './choose-microsoft.ts';
import { createDigests } from './digests/create-digests.ts';
import type { AppConfig, Pax8InstanceConfig } from './config.ts';
import { consoleModeFor } from './console/console-mode.ts';
import { consoleWorkspaceFileName } from './console/console-workspace.ts';
import type { RunningConsole } from './console/start-console.ts';
import { cachedReadiness, createHttpServer, type ReadinessCheck } from './http/create-http-server.ts';
import { createBotMetrics } from './metrics/create-bot-metrics.ts';
import { approvalsPortFrom, createResolver, type IntentDeps, intentStoreFrom } from './intents/index.ts';
import { tenantSeatsFrom } from './intents/microsoft-side.ts';
import type { Logger } from './log.ts';
import { createPax8Clients, type Pax8Clients } from './pax8/index.ts';
import { botChangeSourceFrom, readBotChanges } from './billing/index.ts';
import { createDownloadLinks, filesPath, filesSigningSecret } from './files/download-links.ts';
import type { Sandbox } from './sandbox/index.ts';
import { createDbRateBudget, createOperationalFigures, openStore, type Store } from './store/index.ts';
import { type Clock, systemClock } from './util/clock.ts';
import { createFollowingClock, type FollowingClock } from './util/create-following-clock.ts';
import { Secret } from './util/secret.ts';
import { createWebhookProcessor } from './webhooks/process-webhook-events.ts';
import { pax8WebhookPath, receivePax8Webhooks } from './webhooks/receive-pax8-webhooks.ts';

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
    const metrics = createBotMetrics({ figures: createOperationalFigures(store.db), clock });
    log.info(store.db.backend === 'pglite' ? `Database: embedded PGlite in ${config.dataDir}` : `Database: PostgreSQL at ${describeDatabase(config.databaseUrl)}`);

    // The client keeps real time (its rate limiter must never wait on a clock that jumps); a token that
    // the sandbox expired after a clock jump is refreshed on the 401. On PostgreSQL the replicas share
    // each account's budget through the database; embedded PGlite means one process, kept in memory.
    const limit = config.pax8.rateLimitPerMinute;
    const pax8 = createPax8Clients(pax8Target.instances, {
      log,
      rateLimitPerMinute: limit,
      timeoutMs: config.pax8.timeoutMs,
      onCall: metrics.calls,
      ...(store.db.backend === 'postgres' ? { rateBudgetFor: (account: string) => createDbRateBudget(store.db, { account, limit }) } : {}),
    });

    // Each request names its Pax8 account (the company's); one stored before accounts were recorded
    // goes to the default account.
    const resolver = createResolver({ pax8, clock, log });
    const chosen = await chooseMicrosoft(config, { sandbox, store, pax8, clock, log, products: (account) => resolver.products(account), onCall: metrics.calls });
    const microsoft = chosen.side;
    // Steps of multi-step requests (onboarding, offboarding) write to the tenants through the client itself.
    const approvals = createApprovalsEngine({ store, pax8: pax8.get(), accounts: pax8, policy: config.policy, clock, log, onDueWork: metrics.dueWork, microsoft: chosen.client, tenants: tenantSeatsFrom(microsoft) });
    let listening = '';
    const downloads = createDownloadLinks({
      files: store.exportFiles,
      secret: filesSigningSecret(config.filesSigningSecret, config.dataDir),
      clock,
      baseUrl: () => config.publicUrl ?? listening,
    });
    const intents: IntentDeps = {
      pax8,
      approvals: approvalsPortFrom(approvals, store),
      store: intentStoreFrom(store),
      clock,
      log,
      policy: {
        roles: config.policy.roles,
        approvals: { selfApproval: config.policy.approvals.selfApproval },
        mappings: config.mappings,
        onboarding: config.onboarding,
        licenceIgnores: config.digests.ignore,
      },
      resolver,
      microsoft,
      observe: metrics.intents,
      files: downloads,
      botChanges: (range) => readBotChanges(botChangeSourceFrom(store), range),
    };

    const server = createHttpServer({
      log,
      metrics: metrics.registry,
      onRequest: metrics.requests,
      readiness: readinessChecks(store, pax8),
      gate: consoleMode?.gate,
    });
    const webhooks = startPax8Webhooks({ instances: pax8Target.instances, store, pax8, approvals, resolver, microsoft, clock, log });
    closers.push(() => webhooks.stop());
    server.mount(pax8WebhookPath, webhooks.handler);
    server.mount(filesPath, (req, res) => downloads.serve(req, res));
    const { url } = await server.listen(config.port, consoleMode?.host);
    listening = url;
    // The built-in sandbox plays Pax8's webhooks too: it sends its events to this bot.
    const sandboxHook = pax8Target.instances[0]?.webhookAuthorization;
    if (sandbox && sandboxHook) sandbox.webhooks.configure({ url: `${url}${pax8WebhookPath}`, authorization: sandboxHook.reveal() });
    closers.push(() => server.close());
    log.info(`Listening on ${url} (health: ${url}/healthz, readiness: ${url}/readyz, metrics: ${url}/metrics)`);
    // Imported only in console mode: it brings both platforms' SDKs and the console's fakes.
    const localConsole =
      consoleMode &&
      (await import('./console/start-console.ts')).startConsole({
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
      // Embedded PGlite is opened by one process only: a claim of another process is one that stopped.
      soleProcess: store.db.backend === 'pglite',
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
    approvals.scheduler.addPass('cards', () => delivery.catchUp());
    // Started last: its first pass recovers executions a stop cut off, and what it changes must reach
    // the cards, so the platforms are attached first.
    approvals.scheduler.start(schedulerIntervalMs);
    closers.push(() => approvals.scheduler.stop());
    server.started();
    logChatPlatforms(givenConfig, log, Boolean(localConsole));
    if (localConsole) log.info(`Console: ${localConsole.url} plays Slack and Teams on this machine (ready ${Math.round(process.uptime() * 1000)} ms after the process started)`);
    return { url, pax8, store, clock, sandbox, console: localConsole || undefined, approvals, intents, delivery, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * `GET /readyz`: the database answers a query, and every configured Pax8 account can have a token
 * (the cached one while it lasts). Outcomes are kept 5 s, so frequent probes stay cheap.
 */
function readinessChecks(store: Store, pax8: Pax8Clients): ReadinessCheck[] {
  const options = { ttlMs: 5_000, timeoutMs: 5_000 };
  const database: ReadinessCheck = { name: 'database', check: async () => void (await store.db.query('select 1')) };
  const accounts = pax8.names.map((name): ReadinessCheck => ({ name: `pax8 account "${name}"`, check: () => pax8.get(name).ensureToken() }));
  return [database, ...accounts].map((check) => cachedReadiness(check, options));
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
    if (!config.sandbox.clockUrl) return { instances: config.pax8.instances, sandbox: undefined, clock: systemClock };
    const following = await createFollowingClock(config.sandbox.clockUrl, { log });
    log.warn(`SANDBOX_CLOCK_URL: the bot's clock follows the sandbox at ${config.sandbox.clockUrl} (tests and benchmarks only)`);
    return { instances: config.pax8.instances, sandbox: undefined, clock: following, following };
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
    webhookAuthorization: new Secret(randomBytes(24).toString('base64url')),
  };
  return { instances: [instance], sandbox, clock, following: clock };
}

/** How often recorded Pax8 events are looked at besides on arrival (one whose processing failed is tried again). */
const webhookSweepMs = 30_000;

/**
 * `POST /pax8/webhooks` and what works through the events it records: each account whose
 * `webhookAuthorization` is set is accepted; events recorded before a restart are processed at start.
 */
function startPax8Webhooks(d: {
  instances: readonly Pax8InstanceConfig[];
  store: Store;
  pax8: Pax8Clients;
  approvals: ApprovalsEngine;
  resolver: IntentDeps['resolver'];
  microsoft: IntentDeps['microsoft'];
  clock: Clock;
  log: Logger;
}) {
  const accounts = d.instances.flatMap((i) => (i.webhookAuthorization ? [{ account: i.name, authorization: i.webhookAuthorization }] : []));
  const processor = createWebhookProcessor({
    store: d.store,
    pax8: d.pax8,
    approvals: d.approvals,
    caches: {
      forgetSubscription: (account, id) => {
        d.microsoft.pax8Skus.forget(account, id);
      },
      refreshCompanies: (account) => d.resolver.refreshAccount(account),
    },
    clock: d.clock,
    log: d.log,
  });
  const log = d.log.child({ platform: 'pax8-webhooks' });
  if (accounts.length > 0) log.info(`Pax8 webhooks: accepted at ${pax8WebhookPath} for ${accounts.map((a) => `"${a.account}"`).join(', ')}`);
  else log.info(`Pax8 webhooks: not configured (set PAX8_WEBHOOK_AUTHORIZATION to accept them at ${pax8WebhookPath})`);
  const sweep = setInterval(() => void processor.kick(), webhookSweepMs);
  sweep.unref();
  void processor.kick();
  return {
    handler: receivePax8Webhooks({ accounts, store: d.store, clock: d.clock, log, recorded: () => void processor.kick() }),
    async stop() {
      clearInterval(sweep);
      await processor.idle();
    },
  };
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
