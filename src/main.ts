import { existsSync } from 'node:fs';
import { formatCheckResults, runChecks, slackCheck, slackSocketModeCheck, teamsCheck, type Check } from './check/run-checks.ts';
import { loadConfig, type AppConfig } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { logUnhandledRejections } from './log-unhandled-rejections.ts';
import { startBot } from './start-bot.ts';

/**
 * The composition root: the only module that reads `process.env` (with `cli.ts`). Each export is one
 * CLI command and returns its exit code.
 */
function readConfig(): AppConfig {
  // A .env file in the working directory is read like the environment (which wins).
  if (existsSync('.env')) process.loadEnvFile('.env');
  return loadConfig(process.env);
}

/** Resolves with the name of the first SIGINT or SIGTERM the process receives. */
function untilStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/** The configured store: PostgreSQL with `DATABASE_URL`, else PGlite in `DATA_DIR`; migrated on open. */
async function openConfiguredStore(config: AppConfig, log: Logger) {
  const { openStore } = await import('./store/index.ts');
  return openStore({ databaseUrl: config.databaseUrl?.reveal(), dataDir: config.dataDir, log });
}

/** `npm start` / `npx pax8-chatops serve`: runs until SIGINT or SIGTERM, then shuts down in order. */
export async function serve(hooks: { readonly started?: () => void } = {}): Promise<number> {
  const config = readConfig();
  const log = createLogger({ level: config.logLevel });
  const stopLogging = logUnhandledRejections(process, log);
  // This module's own extension says which code runs: `npm run build`'s output, or the sources through tsx.
  log.info(import.meta.url.endsWith('.js') ? 'Code: compiled JavaScript in dist/' : 'Code: TypeScript sources through tsx (npm run build starts leaner and faster)');
  const bot = await startBot(config, log);
  hooks.started?.();
  log.info(`${await untilStopSignal()} received, shutting down`);
  await bot.close();
  stopLogging();
  return 0;
}

/** `npx pax8-chatops sandbox [...]`: the Pax8 sandbox (and the customers' Microsoft tenants) alone, until SIGINT or SIGTERM. */
export async function runSandboxCommand(args: readonly string[]): Promise<number> {
  const { parseSandboxArgs, sandboxUsage, startSandbox } = await import('./sandbox/index.ts');
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(sandboxUsage);
    return 0;
  }
  const sandbox = await startSandbox(parseSandboxArgs(args));
  process.stdout.write(
    `Pax8 sandbox listening on ${sandbox.baseUrl}\n` +
      `  token:       POST ${sandbox.tokenUrl} (client ${sandbox.clientIds.length === 1 ? 'id' : 'ids'} ${sandbox.clientIds.map((id) => `"${id}"`).join(', ')}, audience ${sandbox.audience})\n` +
      `  microsoft:   MICROSOFT_LOGIN_URL=${sandbox.microsoft.loginUrl} GRAPH_BASE_URL=${sandbox.microsoft.graphBaseUrl} (app "${sandbox.microsoft.clientId}")\n` +
      `  admin:       ${sandbox.url}/__sandbox/writes, /__sandbox/clock, /__sandbox/faults, /__sandbox/microsoft/tenants, /__sandbox/microsoft/writes\n`,
  );
  await untilStopSignal();
  await sandbox.close();
  return 0;
}

/** `npx pax8-chatops migrate`: applies pending migrations (opening the store does) and exits. */
export async function migrate(): Promise<number> {
  const config = readConfig();
  const store = await openConfiguredStore(config, createLogger({ level: config.logLevel }));
  await store.close();
  return 0;
}

/**
 * The customer tenants `check` reaches: one check per linked tenant (chat links from the store, then
 * `microsoft.tenants`) with the app registration's credentials; a line saying why none otherwise.
 */
async function microsoftChecks(config: AppConfig, log: Logger): Promise<Check[]> {
  const { clientId, clientSecret, loginUrl, graphBaseUrl } = config.microsoft;
  if (!clientId || !clientSecret) {
    const why = config.sandbox.enabled ? "no credentials: the built-in sandbox plays the customers' tenants" : 'not configured (set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET to read customer tenants)';
    return [{ name: 'Microsoft 365', run: () => Promise.resolve(why) }];
  }
  const { createMicrosoftClient } = await import('./microsoft/index.ts');
  const { linksToCheck, microsoftTenantChecks } = await import('./check/microsoft-checks.ts');
  const client = createMicrosoftClient({ clientId, clientSecret, loginUrl, graphBaseUrl, timeoutMs: 15_000, retry: { maxAttempts: 1 } }, { log });
  // The database check reports an unreachable store; the config's links are still checked.
  const stored = await openConfiguredStore(config, log)
    .then(async (store) => {
      try {
        return await store.companyTenants.list();
      } finally {
        await store.close();
      }
    })
    .catch(() => []);
  const links = linksToCheck(stored, config.tenantLinks);
  if (links.length === 0) return [{ name: 'Microsoft 365', run: () => Promise.resolve(`app ${clientId}: no tenant linked yet ("tenant <company> <tenant-id|domain>" in chat, or microsoft.tenants in the config file)`) }];
  return microsoftTenantChecks(client, links);
}

/**
 * `npx pax8-chatops check`: configuration (loading it validates it), then every configured Pax8
 * account, the database, each linked Microsoft 365 tenant, Slack and Teams. Exit code 1 when
 * anything fails; a tenant that has not consented (or lacks a permission) is a warning.
 */
export async function check(): Promise<number> {
  const config = readConfig();
  const log = createLogger({ level: 'silent' });
  const checks: Check[] = [{ name: 'configuration', run: () => Promise.resolve(config.configFile ? `read ${config.configFile}` : 'defaults (no config file)') }];
  const { createPax8Client } = await import('./pax8/index.ts');
  if (config.pax8.instances.length === 0) checks.push({ name: 'Pax8', run: () => Promise.resolve('no credentials: the built-in sandbox will be used') });
  for (const instance of config.pax8.instances) {
    checks.push({
      name: `Pax8 ${instance.name}`,
      async run() {
        const client = createPax8Client({ ...instance, log, timeoutMs: 15_000, retry: { maxAttempts: 1 } });
        const page = await client.companies.page({ page: 0, size: 1 });
        return `token accepted at ${instance.tokenUrl}; ${page.page.totalElements} companies at ${instance.baseUrl}`;
      },
    });
  }
  checks.push({
    name: 'database',
    async run() {
      const store = await openConfiguredStore(config, log);
      await store.close();
      return store.db.backend === 'pglite' ? `embedded PGlite in ${config.dataDir}, migrations applied` : 'PostgreSQL reachable, migrations applied';
    },
  });
  checks.push(...(await microsoftChecks(config, log)));
  if (config.slack.botToken) checks.push(slackCheck(config.slack.apiUrl, config.slack.botToken.reveal()));
  if (config.slack.appToken) checks.push(slackSocketModeCheck(config.slack.apiUrl, config.slack.appToken.reveal()));
  if (config.teams.appId && config.teams.appPassword) {
    const { createBotTokenSources } = await import('./adapters/teams/bot-framework-token.ts');
    checks.push(teamsCheck(config.teams.appId, createBotTokenSources(config.teams, config.teams.appId, config.teams.appPassword).configured()));
  }
  const results = await runChecks(checks);
  process.stdout.write(`${formatCheckResults(results)}\n`);
  return results.every((r) => r.ok) ? 0 : 1;
}

/**
 * `npx pax8-chatops reconcile [--month YYYY-MM] [--company …] [--account …] [--csv FILE]`: reconciles
 * the invoices of every configured account (the built-in sandbox's without credentials) and prints the
 * summary; the bot's own changes from the store explain prorated lines.
 */
export async function reconcile(args: readonly string[]): Promise<number> {
  const { parseReconcileArgs, reconcileUsage, runReconcileCommand } = await import('./billing/reconcile-command.ts');
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(reconcileUsage);
    return 0;
  }
  const parsed = parseReconcileArgs(args);
  const config = readConfig();
  const log = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const { createPax8Clients } = await import('./pax8/index.ts');
  const { botChangeSourceFrom, readBotChanges } = await import('./billing/index.ts');
  let instances = config.pax8.instances;
  let sandbox: { close(): Promise<void> } | undefined;
  if (config.sandbox.enabled) {
    const { startSandbox } = await import('./sandbox/index.ts');
    const { Secret } = await import('./util/secret.ts');
    const started = await startSandbox({ host: '127.0.0.1', port: 0 });
    sandbox = started;
    process.stderr.write('No Pax8 credentials set: reconciling the built-in sandbox (demo data).\n');
    instances = [{ name: 'sandbox', isDefault: true, clientId: started.clientId, clientSecret: new Secret(started.clientSecret), baseUrl: started.baseUrl, tokenUrl: started.tokenUrl, audience: started.audience }];
  }
  const store = await openConfiguredStore(config, log).catch(() => undefined);
  try {
    const pax8 = createPax8Clients(instances, { log, rateLimitPerMinute: config.pax8.rateLimitPerMinute, timeoutMs: config.pax8.timeoutMs });
    const botChanges = store ? (range: { from: Date; to: Date }) => readBotChanges(botChangeSourceFrom(store), range) : undefined;
    const { text } = await runReconcileCommand(parsed, { pax8, ...(botChanges ? { botChanges } : {}) });
    process.stdout.write(text);
    return 0;
  } finally {
    await store?.close();
    await sandbox?.close();
  }
}
