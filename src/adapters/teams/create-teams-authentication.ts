import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { AppConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';

/** Issues the bot's outgoing tokens; tests inject one that talks to the fake connector. */
export type TeamsCredentialsFactory = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]>;

export interface TeamsAuthOptions {
  /**
   * Start without `MicrosoftAppId`, for the local console only: no JWT check on `/api/messages` and
   * no tokens out. With no token to tie an activity to the Bot Framework, the only activities taken
   * are those whose `serviceUrl` is this one (the console's Bot Connector), so the bot never calls
   * an address an activity names on its own.
   */
  readonly anonymous?: { readonly serviceUrl: string };
  /** Endpoint overrides (`ToBotFromChannelOpenIdMetadataUrl`, `ToBotFromChannelTokenIssuer`, …), for tests. */
  readonly endpoints?: ConfigurationBotFrameworkAuthenticationOptions;
  readonly credentialsFactory?: TeamsCredentialsFactory;
}

/**
 * Bot Framework authentication from `MicrosoftAppId`, `MicrosoftAppPassword`, `MicrosoftAppType`
 * and `MicrosoftAppTenantId`. With an app id, every request to `/api/messages` must carry a JWT the
 * Bot Framework signed for this app (else 401) and outgoing calls carry the app's token. Without
 * one, botbuilder checks nothing, so that is allowed only when asked for, with a warning.
 *
 * @see https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
 */
export function createTeamsAuthentication(teams: AppConfig['teams'], options: TeamsAuthOptions, log: Logger): ConfigurationBotFrameworkAuthentication {
  if (!teams.appId) {
    if (!options.anonymous) throw new Error('Teams needs MicrosoftAppId (running without one is for the local console only)');
    log.warn('Teams: no MicrosoftAppId, so requests to /api/messages are NOT authenticated. Local console only; never expose this.');
    return new ConfigurationBotFrameworkAuthentication({ ...options.endpoints }, options.credentialsFactory);
  }
  const credentials = {
    MicrosoftAppId: teams.appId,
    MicrosoftAppPassword: teams.appPassword?.reveal() ?? '',
    MicrosoftAppType: teams.appType,
    MicrosoftAppTenantId: teams.tenantId ?? '',
  };
  return new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: teams.appId, MicrosoftAppTenantId: teams.tenantId ?? '', ...options.endpoints },
    options.credentialsFactory ?? new ConfigurationServiceClientCredentialFactory(credentials),
  );
}
