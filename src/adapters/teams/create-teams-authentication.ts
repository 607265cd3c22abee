import { type Activity, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { AppConfig } from '../../config.ts';
import { redact } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { createTtlCache, type TtlCache } from '../../util/ttl-cache.ts';
import { settleWithin } from '../settle-within.ts';
import { BotFrameworkTokenError, type BotTokenSources, createBotTokenSources } from './bot-framework-token.ts';

/** What botbuilder asks for the bot's outgoing credentials (its `ServiceClientCredentialsFactory`). */
type CredentialsFactory = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]>;
type ServiceCredentials = Awaited<ReturnType<CredentialsFactory['createCredentials']>>;

export interface TeamsAuthOptions {
  /**
   * Start without `MicrosoftAppId`, for the local console only: no JWT check on `/api/messages` and
   * no tokens out. With no token to tie an activity to the Bot Framework, the only activities taken
   * are those whose `serviceUrl` is this one (the console's Bot Connector), so the bot never calls
   * an address an activity names on its own.
   */
  readonly anonymous?: { readonly serviceUrl: string };
}

export interface TeamsAuthentication {
  /** botbuilder's authentication, for the `CloudAdapter`. */
  readonly botFramework: ConfigurationBotFrameworkAuthentication;
  /**
   * Whether an activity may be taken: its `Authorization` header must carry a token the Bot
   * Framework signed for this app (see {@link admitActivity}). Always yes without an app id.
   */
  admit(activity: Record<string, unknown>, authorization: string): Promise<Admission>;
  /** Gets the bot's own token (see {@link checkCredentialsAtStart}); a no-op without a password. */
  checkCredentials(): Promise<void>;
}

export type Admission = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Bot Framework authentication from `MicrosoftAppId`, `MicrosoftAppPassword`, `MicrosoftAppType`,
 * `MicrosoftAppTenantId` and, for another cloud than the public one, botbuilder's endpoint settings
 * (`ToBotFromChannelOpenIdMetadataUrl`, `ToBotFromChannelTokenIssuer`, `ToChannelFromBotLoginUrl`,
 * `ToChannelFromBotOAuthScope`, `ValidateAuthority`), handed to `ConfigurationBotFrameworkAuthentication`
 * under the names its samples read from the environment. With an app id, every request to
 * `/api/messages` must carry a JWT the Bot Framework signed for this app, and outgoing calls carry the
 * app's token from the login URL. Without one, botbuilder checks nothing, so that is allowed only when
 * asked for, with a warning.
 *
 * @see https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
 */
export function createTeamsAuthentication(teams: AppConfig['teams'], options: TeamsAuthOptions, log: Logger): TeamsAuthentication {
  if (!teams.appId) {
    if (!options.anonymous) throw new Error('Teams needs MicrosoftAppId (running without one is for the local console only)');
    log.warn('Teams: no MicrosoftAppId, so requests to /api/messages are NOT authenticated. Local console only; never expose this.');
    const botFramework = new CheckedOnceAuthentication({});
    return { botFramework, admit: (activity, authorization) => admitActivity(botFramework, activity, authorization), checkCredentials: () => Promise.resolve() };
  }
  const settings: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: teams.appId,
    MicrosoftAppTenantId: teams.tenantId ?? '',
    ValidateAuthority: teams.validateAuthority,
    ...(teams.endpoints
      ? {
          ToBotFromChannelOpenIdMetadataUrl: teams.endpoints.openIdMetadataUrl,
          ToBotFromChannelTokenIssuer: teams.endpoints.tokenIssuer,
          ToChannelFromBotLoginUrl: teams.endpoints.loginUrl,
          ToChannelFromBotOAuthScope: teams.endpoints.oauthScope,
        }
      : {}),
  };
  // A managed identity gets its tokens from Azure itself, through botbuilder; a password through the bot's own token source.
  const tokens = teams.appPassword && teams.appType !== 'UserAssignedMSI' ? createBotTokenSources(teams, teams.appId, teams.appPassword) : undefined;
  const credentials = tokens
    ? tokenCredentialsFactory(teams.appId, tokens)
    : new ConfigurationServiceClientCredentialFactory({ MicrosoftAppId: teams.appId, MicrosoftAppType: teams.appType, MicrosoftAppTenantId: teams.tenantId ?? '' });
  const botFramework = new CheckedOnceAuthentication(settings, credentials);
  return {
    botFramework,
    admit: (activity, authorization) => admitActivity(botFramework, activity, authorization),
    async checkCredentials() {
      await tokens?.configured().get();
    },
  };
}

type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** Bot Connector clients kept: one per app, service URL and audience, so a handful in practice. */
const connectorClientsKept = 32;

/**
 * botbuilder's authentication, checking an activity's token once: `admit` checks it before the
 * adapter sees the activity (for a 401 on every refusal), and the adapter's own check of that very
 * activity object with the same header takes the result `admit` got instead of verifying the JWT a
 * second time (the signature check was a tenth of a turn's CPU). The result is taken once and is
 * held by the activity object, so it goes with the request; any other call checks the token.
 */
class CheckedOnceAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly admitted = new WeakMap<object, { readonly authorization: string; readonly result: AuthenticateRequestResult }>();
  private readonly connectorClients = createTtlCache<string, Promise<ConnectorClient>>({ max: connectorClientsKept, ttlMs: Number.POSITIVE_INFINITY });
  private readonly userTokenClients = createTtlCache<string, Promise<UserTokenClient>>({ max: connectorClientsKept, ttlMs: Number.POSITIVE_INFINITY });

  /** Checks the token of `activity` and keeps the result for the adapter's check of the same activity. */
  async admit(activity: Activity, authorization: string): Promise<void> {
    const result = await this.authenticateAndShare(activity, authorization);
    this.admitted.set(activity, { authorization, result });
  }

  override authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const admitted = this.admitted.get(activity);
    if (admitted === undefined || admitted.authorization !== authHeader) return this.authenticateAndShare(activity, authHeader);
    this.admitted.delete(activity);
    return Promise.resolve(admitted.result);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.sharingClients(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  /**
   * botbuilder's user-token client (sign-in cards, SSO), which `CloudAdapter` builds for every turn
   * whether the turn uses it or not (the bot never does): kept and shared per app, as the connector
   * clients are, for the same reason.
   */
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return keptWhileGood(this.userTokenClients, appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  private async authenticateAndShare(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: this.sharingClients(result.connectorFactory, result.claimsIdentity) } : result;
  }

  /**
   * botbuilder's connector factory, whose clients are kept and shared: its own builds a new
   * `ConnectorClient` (an HTTP pipeline of a dozen policies, a sanitizer, a user agent) for every turn
   * and every proactive post, a sixth of what a Teams turn allocated. A client holds no state of a
   * conversation: its credentials sign each request with the current token (see
   * {@link tokenCredentialsFactory}), so one per app, service URL and audience serves every turn, as
   * botbuilder's older `BotFrameworkAdapter` kept them. A client that could not be built is not kept.
   */
  private sharingClients(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    const clients = this.connectorClients;
    const shared: Pick<ConnectorFactory, 'create'> = {
      create: (serviceUrl: string, audience?: string): Promise<ConnectorClient> =>
        keptWhileGood(clients, JSON.stringify([appId, serviceUrl, audience ?? null]), () => factory.create(serviceUrl, audience)),
    };
    return shared;
  }
}

/** The app id botbuilder makes clients for: the audience of a channel's token, else its appid claim. */
const appIdOf = (claimsIdentity: ClaimsIdentity): string => claimsIdentity.getClaimValue('aud') ?? claimsIdentity.getClaimValue('appid') ?? '';

/** What `cache` holds for `key`, else what `create` gives, kept unless it fails (the next call tries again). */
function keptWhileGood<T>(cache: TtlCache<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
  const kept = cache.get(key);
  if (kept !== undefined) return kept;
  const created = create();
  cache.set(key, created);
  created.catch(() => {
    if (cache.get(key) === created) cache.delete(key);
  });
  return created;
}

/** How long the start waits for the bot's first token before it goes on without. */
const startCheckMs = 10_000;

/**
 * Gets the bot's own token once before activities are taken. A password the login refuses stops the
 * start with an error naming the settings to check, as a refused Slack token does; a login that
 * cannot be reached, or not within ten seconds, is only a warning: the token is asked for again when
 * the first answer goes out.
 */
export async function checkCredentialsAtStart(auth: Pick<TeamsAuthentication, 'checkCredentials'>, log: Logger): Promise<void> {
  const outcome = await settleWithin(
    auth.checkCredentials().then(
      () => undefined,
      (error: unknown) => error,
    ),
    startCheckMs,
  );
  if (!outcome.done) {
    log.warn(`Teams: the Bot Framework login did not answer within ${startCheckMs / 1000} s; the bot asks again when it first answers`);
    return;
  }
  const error = outcome.value;
  if (error === undefined) return;
  if (error instanceof BotFrameworkTokenError && error.refused) throw new Error(`Teams: ${error.message}`, { cause: error });
  log.warn({ err: error }, 'Teams: could not get the bot’s own token at start; the bot asks again when it first answers');
}

/**
 * Asks botbuilder whether the activity's token is good: signed by a key of the OpenID metadata's
 * JWKS endorsed for the activity's channel, with an allowed algorithm (RS256/384/512), the configured
 * issuer, this app as audience, the activity's `serviceUrl` as `serviceurl` claim, and not expired or
 * not yet valid (five minutes' tolerance). botbuilder's `CloudAdapter.process` turns only its own
 * `AuthenticationError` into a 401 and answers 500 to the rest (a bad signature, `alg: none`, a token
 * not yet valid, which the JWT library reports in its own errors); asked here first, every refusal is
 * a 401 with its reason logged once. The adapter's own check then takes this result (see {@link CheckedOnceAuthentication}).
 */
async function admitActivity(auth: CheckedOnceAuthentication, activity: Record<string, unknown>, authorization: string): Promise<Admission> {
  try {
    await auth.admit(activity as Partial<Activity> as Activity, authorization);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: redact(error instanceof Error ? error.message : String(error)).slice(0, 300) };
  }
}

/**
 * botbuilder's credentials factory for an app with a password, on the bot's own token sources: every
 * Bot Connector call, reply or proactive, shares the cached token and the pause after a refusal.
 */
function tokenCredentialsFactory(appId: string, tokens: BotTokenSources): CredentialsFactory {
  return {
    isValidAppId: (id = '') => Promise.resolve(id === appId),
    isAuthenticationDisabled: () => Promise.resolve(false),
    createCredentials(id, audience, loginEndpoint): Promise<ServiceCredentials> {
      if (id !== appId) return Promise.reject(new Error(`no credentials for app ${String(id)}`));
      if (!loginEndpoint || !audience) return Promise.reject(new Error('botbuilder named no login URL or scope for the bot token'));
      const source = tokens.sourceFor(loginEndpoint, audience);
      return Promise.resolve({
        async signRequest(resource) {
          resource.headers.set('authorization', `Bearer ${await source.get()}`);
          return resource;
        },
      });
    },
  };
}
