import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type ConfigFile, configFileSchema } from './config-file.ts';
import { ConfigError } from './errors.ts';
import { Secret } from './util/secret.ts';

export type { AutoApproveRule, ConfigFile } from './config-file.ts';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const flag = z
  .enum(['', '0', '1', 'true', 'false', 'yes', 'no'])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
/** A flag that is on unless turned off. */
const flagOn = z
  .enum(['', '0', '1', 'true', 'false', 'yes', 'no'])
  .optional()
  .transform((v) => v !== '0' && v !== 'false' && v !== 'no');
/**
 * An endpoint the bot trusts with keys or secrets: https, or plain http to this machine only (a
 * local stand-in, as in tests). Over http anywhere else, whoever sits on the path could hand the bot
 * signing keys of their own or read its client secret.
 */
const trustedEndpoint = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
  .pipe(
    z
      .url()
      .refine((v) => isHttpsOrLoopback(v), { message: 'expected an https URL (http only for 127.0.0.1, ::1 or localhost)' })
      .optional(),
  );

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  SANDBOX_CLOCK_URL: trustedEndpoint,
  PUBLIC_URL: z.url().optional(),
  FILES_SIGNING_SECRET: z.string().min(32, 'FILES_SIGNING_SECRET must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalText,
  CONFIG_FILE: optionalText,
  PAX8_CLIENT_ID: optionalText,
  PAX8_CLIENT_SECRET: optionalText,
  PAX8_BASE_URL: z.url().default('https://api.pax8.com/v1'),
  PAX8_TOKEN_URL: z.url().default('https://api.pax8.com/v1/token'),
  PAX8_AUDIENCE: z.string().min(1).default('https://api.pax8.com'),
  PAX8_WEBHOOK_AUTHORIZATION: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  MicrosoftAppTenantId: optionalText,
  MICROSOFT_CLIENT_ID: optionalText,
  MICROSOFT_CLIENT_SECRET: optionalText,
  MICROSOFT_LOGIN_URL: z.url().default('https://login.microsoftonline.com'),
  GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com/v1.0'),
  ToBotFromChannelOpenIdMetadataUrl: trustedEndpoint,
  ToBotFromChannelTokenIssuer: optionalText,
  ToChannelFromBotLoginUrl: trustedEndpoint,
  ToChannelFromBotOAuthScope: optionalText,
  ValidateAuthority: flagOn,
  DANGEROUSLY_SKIP_SLACK_VERIFICATION: flag,
  CONSOLE: flag,
});

/** The same variables with every malformed one replaced by its default, for the checks across variables. */
function lenientEnv(env: Env): z.output<typeof envSchema> {
  const values: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(envSchema.shape) as [string, z.ZodType][]) {
    const parsed = schema.safeParse(env[key]);
    values[key] = parsed.success ? parsed.data : schema.safeParse(undefined).data;
  }
  return values as z.output<typeof envSchema>;
}

export interface Pax8InstanceConfig {
  readonly name: string;
  readonly isDefault: boolean;
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly audience: string;
  /**
   * The `authorization` value this account's Pax8 webhooks carry (chosen when the webhook was
   * created at Pax8); none = this account's deliveries are refused.
   */
  readonly webhookAuthorization?: Secret | undefined;
}

export interface AppConfig {
  readonly port: number;
  readonly publicUrl: string | undefined;
  /** Signs the download links of CSV exports (`GET /files/{token}`); else generated and kept under `DATA_DIR`. */
  readonly filesSigningSecret: Secret | undefined;
  readonly logLevel: string;
  readonly dataDir: string;
  readonly databaseUrl: Secret | undefined;
  readonly configFile: string | undefined;
  /**
   * `clockUrl`: a sandbox run on its own (`npx pax8-chatops sandbox`) whose clock the bot follows, so
   * moving that clock moves expiry, renewal windows and recovery as with the built-in sandbox.
   */
  readonly sandbox: { readonly enabled: boolean; readonly port: number; readonly clockUrl: string | undefined };
  readonly pax8: {
    readonly instances: readonly Pax8InstanceConfig[];
    readonly rateLimitPerMinute: number;
    readonly timeoutMs: number;
  };
  readonly slack: {
    readonly botToken: Secret | undefined;
    readonly signingSecret: Secret | undefined;
    readonly appToken: Secret | undefined;
    readonly apiUrl: string;
    readonly approvalsChannel: string | undefined;
    readonly dangerouslySkipVerification: boolean;
  };
  readonly teams: {
    readonly appId: string | undefined;
    readonly appPassword: Secret | undefined;
    readonly appType: string;
    readonly tenantId: string | undefined;
    /** botbuilder's endpoint settings, all four or none (the public cloud); see {@link BotFrameworkEndpoints}. */
    readonly endpoints: BotFrameworkEndpoints | undefined;
    /** botbuilder's `ValidateAuthority` (default true), handed to it as its samples do. */
    readonly validateAuthority: boolean;
    readonly approvalsConversationId: string | undefined;
  };
  /**
   * The MSP's multi-tenant app registration that reaches customer tenants through Graph (not the
   * Teams bot's own registration above); no credentials means no customer tenant is reached.
   */
  readonly microsoft: {
    readonly clientId: string | undefined;
    readonly clientSecret: Secret | undefined;
    readonly loginUrl: string;
    readonly graphBaseUrl: string;
  };
  readonly policy: Pick<ConfigFile, 'roles' | 'approvals'>;
  readonly mappings: ConfigFile['mappings'];
  /** Pax8 company → Microsoft 365 tenant, from the config file (`microsoft.tenants`); `tenant` in chat wins. */
  readonly tenantLinks: ConfigFile['microsoft']['tenants'];
  /** `onboarding` in the config file: the usage location and user name pattern of new users, and offboarding's sign-in block. */
  readonly onboarding: ConfigFile['onboarding'];
  /** Scheduled licence digests and ignored findings (`digests`). */
  readonly digests: ConfigFile['digests'];
  /** `CONSOLE=true`: serve the local console even when platform credentials are set (it then plays both platforms). */
  readonly console: { readonly forced: boolean };
  /** Things that are allowed but that an operator should know about; logged at start. */
  readonly warnings: readonly string[];
}

/**
 * Where the Bot Framework lives when it is not the public Azure cloud: a sovereign cloud (US Government,
 * China) or a local stand-in. botbuilder reads these four settings under these names
 * (`ConfigurationBotFrameworkAuthentication`); once one is set it takes all of them as given, so the
 * bot asks for all four together rather than let botbuilder mix a cloud's settings with blanks.
 *
 * @see https://learn.microsoft.com/azure/bot-service/how-to-deploy-gov-cloud-high
 */
export interface BotFrameworkEndpoints {
  /** `ToBotFromChannelOpenIdMetadataUrl`: the OpenID document whose `jwks_uri` lists the keys that sign activities. */
  readonly openIdMetadataUrl: string;
  /** `ToBotFromChannelTokenIssuer`: the `iss` of those tokens. */
  readonly tokenIssuer: string;
  /** `ToChannelFromBotLoginUrl`: the login (Entra ID) authority the bot gets its own tokens from. */
  readonly loginUrl: string;
  /** `ToChannelFromBotOAuthScope`: the resource those tokens are for (`<scope>/.default`). */
  readonly oauthScope: string;
}

const endpointNames = {
  openIdMetadataUrl: 'ToBotFromChannelOpenIdMetadataUrl',
  tokenIssuer: 'ToBotFromChannelTokenIssuer',
  loginUrl: 'ToChannelFromBotLoginUrl',
  oauthScope: 'ToChannelFromBotOAuthScope',
} as const satisfies Record<keyof BotFrameworkEndpoints, string>;

type Env = Record<string, string | undefined>;

/**
 * Reads the environment and the config file once, validates both with zod and reports every
 * problem at once. The result is frozen; secrets are wrapped in `Secret` so they cannot be logged.
 * A variable set to nothing is not set (`.env.example`: "leave a value empty to use its default").
 */
export function loadConfig(givenEnv: Env = process.env, readFile: (path: string) => string | undefined = readIfExists): AppConfig {
  const env = Object.fromEntries(Object.entries(givenEnv).filter(([, value]) => value?.trim() !== ''));
  const problems: string[] = [];
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) problems.push(...formatIssues(parsedEnv.error, 'environment variable '));

  const defaultPath = resolve('./pax8-chatops.yaml');
  const configPath = resolve(env.CONFIG_FILE?.trim() || defaultPath);
  // A missing file is fine at the default path (every key is optional), an error anywhere else.
  const file = readConfigFile(configPath, configPath !== defaultPath, readFile, problems);
  // Checks across variables still run when one variable is malformed, so every problem is reported together.
  const e = parsedEnv.success ? parsedEnv.data : lenientEnv(env);
  // An unreadable file declares no instances we know of: the PAX8_* pair is still checked.
  const instances = resolveInstances(e, file?.data.pax8.instances ?? [], env, problems);
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN && !e.DANGEROUSLY_SKIP_SLACK_VERIFICATION) {
    problems.push('SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP) nor SLACK_APP_TOKEN (Socket Mode) is');
  }
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    problems.push('MicrosoftAppId is set but MicrosoftAppPassword is not');
  }
  if (e.MicrosoftAppId && e.MicrosoftAppType !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
    problems.push(`MicrosoftAppType is ${e.MicrosoftAppType} but MicrosoftAppTenantId is not set`);
  }
  if (e.MicrosoftAppType === 'UserAssignedMSI' && e.MicrosoftAppPassword) {
    problems.push('MicrosoftAppType is UserAssignedMSI (a managed identity, no password) but MicrosoftAppPassword is set');
  }
  if (Boolean(e.MICROSOFT_CLIENT_ID) !== Boolean(e.MICROSOFT_CLIENT_SECRET)) {
    problems.push('set both MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET (the multi-tenant app registration for customer tenants), or neither');
  }
  const endpoints = resolveEndpoints(e, env, problems);
  if (file && instances.length > 0) {
    const names = new Set(instances.map((i) => i.name));
    const checkAccount = (where: string) => (m: { account?: string | undefined }, index: number) => {
      if (m.account !== undefined && !names.has(m.account)) problems.push(`${where}[${index}].account: "${m.account}" is not one of pax8.instances (${[...names].join(', ')})`);
    };
    file.data.mappings.forEach(checkAccount('mappings'));
    file.data.microsoft.tenants.forEach(checkAccount('microsoft.tenants'));
  }
  if (problems.length > 0 || !file) throw new ConfigError(problems);

  const warnings: string[] = [];
  if (e.DANGEROUSLY_SKIP_SLACK_VERIFICATION) {
    warnings.push('DANGEROUSLY_SKIP_SLACK_VERIFICATION is on: Slack request signatures are NOT checked. Never use this in production.');
  }
  if (endpoints && [endpoints.openIdMetadataUrl, endpoints.loginUrl].some((url) => url.toLowerCase().startsWith('http:'))) {
    warnings.push('The Bot Framework endpoint settings point at this machine over plain http: right for a local stand-in (tests), never for Teams.');
  }
  const secret = (v: string | undefined) => (v === undefined ? undefined : new Secret(v));
  return deepFreeze({
    port: e.PORT,
    publicUrl: e.PUBLIC_URL,
    filesSigningSecret: secret(e.FILES_SIGNING_SECRET),
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    databaseUrl: secret(e.DATABASE_URL),
    configFile: file.path,
    sandbox: { enabled: instances.length === 0, port: e.SANDBOX_PORT, clockUrl: e.SANDBOX_CLOCK_URL },
    pax8: { instances, rateLimitPerMinute: file.data.pax8.rateLimitPerMinute, timeoutMs: file.data.pax8.timeoutMs },
    slack: {
      botToken: secret(e.SLACK_BOT_TOKEN),
      signingSecret: secret(e.SLACK_SIGNING_SECRET),
      appToken: secret(e.SLACK_APP_TOKEN),
      apiUrl: e.SLACK_API_URL,
      approvalsChannel: file.data.slack.approvalsChannel,
      dangerouslySkipVerification: e.DANGEROUSLY_SKIP_SLACK_VERIFICATION,
    },
    teams: {
      appId: e.MicrosoftAppId,
      appPassword: secret(e.MicrosoftAppPassword),
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
      endpoints,
      validateAuthority: e.ValidateAuthority,
      approvalsConversationId: file.data.teams.approvalsConversationId,
    },
    microsoft: {
      clientId: e.MICROSOFT_CLIENT_ID,
      clientSecret: secret(e.MICROSOFT_CLIENT_SECRET),
      loginUrl: e.MICROSOFT_LOGIN_URL,
      graphBaseUrl: e.GRAPH_BASE_URL,
    },
    policy: { roles: file.data.roles, approvals: file.data.approvals },
    mappings: file.data.mappings,
    tenantLinks: file.data.microsoft.tenants,
    onboarding: file.data.onboarding,
    digests: file.data.digests,
    console: { forced: e.CONSOLE },
    warnings,
  });
}

function readConfigFile(
  path: string,
  explicit: boolean,
  readFile: (path: string) => string | undefined,
  problems: string[],
): { path: string | undefined; data: ConfigFile } | undefined {
  const text = readFile(path);
  if (text === undefined && explicit) {
    problems.push(`CONFIG_FILE: ${path} does not exist`);
    return undefined;
  }
  let raw: unknown = {};
  if (text !== undefined) {
    try {
      raw = parseYaml(text) ?? {};
    } catch (error) {
      problems.push(`${path}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
      return undefined;
    }
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...formatIssues(parsed.error, `${path}: `));
    return undefined;
  }
  return { path: text === undefined ? undefined : path, data: parsed.data };
}

function resolveInstances(e: z.output<typeof envSchema>, declared: ConfigFile['pax8']['instances'], env: Env, problems: string[]): Pax8InstanceConfig[] {
  const endpoints = { baseUrl: e.PAX8_BASE_URL, tokenUrl: e.PAX8_TOKEN_URL, audience: e.PAX8_AUDIENCE };
  if (declared.length === 0) {
    if (Boolean(e.PAX8_CLIENT_ID) !== Boolean(e.PAX8_CLIENT_SECRET)) {
      problems.push('set both PAX8_CLIENT_ID and PAX8_CLIENT_SECRET, or neither (to use the built-in sandbox)');
      return [];
    }
    if (!e.PAX8_CLIENT_ID || !e.PAX8_CLIENT_SECRET) return [];
    return [{ name: 'default', isDefault: true, clientId: e.PAX8_CLIENT_ID, clientSecret: new Secret(e.PAX8_CLIENT_SECRET), ...endpoints, ...webhookAuthorization(e.PAX8_WEBHOOK_AUTHORIZATION) }];
  }
  const defaults = declared.filter((i) => i.default);
  if (defaults.length > 1) problems.push(`pax8.instances: only one instance may be the default (found ${defaults.map((i) => i.name).join(', ')})`);
  const names = new Set<string>();
  const webhookValues = new Map<string, string>();
  return declared.flatMap((instance, index) => {
    if (names.has(instance.name)) problems.push(`pax8.instances[${index}]: the name "${instance.name}" is used twice`);
    names.add(instance.name);
    const clientId = env[instance.clientIdEnv]?.trim();
    const clientSecret = env[instance.clientSecretEnv]?.trim();
    if (!clientId) problems.push(`pax8.instances[${index}] (${instance.name}): environment variable ${instance.clientIdEnv} is not set`);
    if (!clientSecret) problems.push(`pax8.instances[${index}] (${instance.name}): environment variable ${instance.clientSecretEnv} is not set`);
    const isDefault = defaults.length === 0 ? index === 0 : instance.default;
    // PAX8_WEBHOOK_AUTHORIZATION serves the default account when it names no variable of its own.
    const webhookEnv = instance.webhookAuthorizationEnv;
    const webhookValue = webhookEnv ? env[webhookEnv]?.trim() : isDefault ? e.PAX8_WEBHOOK_AUTHORIZATION : undefined;
    if (webhookEnv && !webhookValue) problems.push(`pax8.instances[${index}] (${instance.name}): environment variable ${webhookEnv} (webhookAuthorizationEnv) is not set`);
    if (webhookValue && webhookValues.has(webhookValue)) problems.push(`pax8.instances[${index}] (${instance.name}): its webhook authorization value is the same as ${webhookValues.get(webhookValue) ?? 'another account'}'s; give each account its own, so a delivery says which account it is for`);
    if (webhookValue) webhookValues.set(webhookValue, instance.name);
    if (!clientId || !clientSecret) return [];
    return [
      {
        name: instance.name,
        isDefault,
        clientId,
        clientSecret: new Secret(clientSecret),
        baseUrl: instance.baseUrl ?? endpoints.baseUrl,
        tokenUrl: instance.tokenUrl ?? endpoints.tokenUrl,
        audience: instance.audience ?? endpoints.audience,
        ...webhookAuthorization(webhookValue),
      },
    ];
  });
}

const webhookAuthorization = (value: string | undefined): { webhookAuthorization?: Secret } => (value ? { webhookAuthorization: new Secret(value) } : {});

/**
 * All four endpoint settings, none (the public cloud), or a problem naming the missing ones (one set
 * but malformed is not missing: its own problem is reported already).
 */
function resolveEndpoints(e: z.output<typeof envSchema>, env: Env, problems: string[]): BotFrameworkEndpoints | undefined {
  const missing = Object.values(endpointNames).filter((name) => !env[name]?.trim());
  if (missing.length === 4) return undefined;
  if (missing.length > 0) {
    problems.push(`set ${Object.values(endpointNames).join(', ')} together (another cloud than the public one), or none of them; missing: ${missing.join(', ')}`);
    return undefined;
  }
  const [openIdMetadataUrl, tokenIssuer, loginUrl, oauthScope] = [e.ToBotFromChannelOpenIdMetadataUrl, e.ToBotFromChannelTokenIssuer, e.ToChannelFromBotLoginUrl, e.ToChannelFromBotOAuthScope];
  return openIdMetadataUrl && tokenIssuer && loginUrl && oauthScope ? { openIdMetadataUrl, tokenIssuer, loginUrl, oauthScope } : undefined;
}

function isHttpsOrLoopback(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(parsed.hostname);
}

function formatIssues(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
    return `${prefix}${where}: ${issue.message}`;
  });
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Secret) && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
