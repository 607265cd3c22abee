import { AuthenticationConstants, GovernmentConstants } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotFrameworkTokenError, botTokenUrl, createBotTokenSource, createBotTokenSources, publicCloudLogin } from '../../src/adapters/teams/bot-framework-token.ts';
import { teamsCheck } from '../../src/check/run-checks.ts';
import { createManualClock } from '../../src/util/clock.ts';
import { Secret } from '../../src/util/secret.ts';
import { type BotFrameworkStandIn, startBotFrameworkStandIn } from '../helpers/bot-framework-stand-in.ts';

const appId = '5f0c3b9e-0000-4000-8000-00000000a003';
const appPassword = 'token-source-secret';
const tenantId = '50612dbb-0237-4969-b378-8d42590f9c00';

describe('botTokenUrl', () => {
  it('puts the tenant after the public and US Government login hosts, as botbuilder does, and keeps any other login URL as given', () => {
    expect(publicCloudLogin).toEqual({ loginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl, oauthScope: AuthenticationConstants.ToChannelFromBotOAuthScope });
    expect(botTokenUrl(publicCloudLogin.loginUrl, tenantId)).toBe(`https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/token`);
    expect(botTokenUrl(publicCloudLogin.loginUrl, undefined)).toBe('https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token');
    expect(botTokenUrl(GovernmentConstants.ToChannelFromBotLoginUrl, tenantId)).toBe(`https://login.microsoftonline.us/${tenantId}/oauth2/v2.0/token`);
    expect(botTokenUrl(GovernmentConstants.ToChannelFromBotLoginUrl, undefined)).toBe(`${GovernmentConstants.ToChannelFromBotLoginUrl}/oauth2/v2.0/token`);
    expect(botTokenUrl('https://login.chinacloudapi.cn/Contoso.onmicrosoft.cn/', tenantId)).toBe('https://login.chinacloudapi.cn/contoso.onmicrosoft.cn/oauth2/v2.0/token');
  });
});

describe('the bot token source', () => {
  let standIn: BotFrameworkStandIn;
  const source = (clock = createManualClock('2026-03-01T10:00:00Z'), password = appPassword) => ({
    clock,
    tokens: createBotTokenSource({ appId, password: new Secret(password), tokenUrl: botTokenUrl(standIn.settings.ToChannelFromBotLoginUrl ?? '', tenantId), scope: standIn.oauthScope, clock }),
  });
  const logins = () => standIn.logins.length;

  beforeAll(async () => {
    standIn = await startBotFrameworkStandIn({ appId, appPassword, tenantId, accessToken: 'issued-token' });
  });
  afterAll(() => standIn.close());

  it('asks once for concurrent callers and keeps the token until a tenth of its life is left', async () => {
    const { clock, tokens } = source();
    const before = logins();
    expect(await Promise.all([tokens.get(), tokens.get(), tokens.get()])).toEqual(['issued-token', 'issued-token', 'issued-token']);
    expect(logins() - before).toBe(1);
    clock.advance(3599_000 - 359_900 - 1);
    await tokens.get();
    expect(logins() - before).toBe(1);
    clock.advance(1);
    await tokens.get();
    expect(logins() - before).toBe(2);
  });

  it('remembers a refusal for a minute: no login asked meanwhile, the same reason given, and asks again after', async () => {
    const { clock, tokens } = source(undefined, 'a-wrong-secret');
    const before = logins();
    const first = await tokens.get().catch((error: unknown) => error);
    expect(first).toBeInstanceOf(BotFrameworkTokenError);
    expect((first as BotFrameworkTokenError).refused).toBe(true);
    expect((first as Error).message).toMatch(/refused the bot's credentials: invalid_client: AADSTS7000215: Invalid client secret provided\. Ensure/);
    expect((first as Error).message).not.toMatch(/Trace ID|a-wrong-secret/);
    clock.advance(59_999);
    await expect(tokens.get()).rejects.toThrow('not asked again before 2026-03-01T10:01:00.000Z');
    expect(logins() - before).toBe(1);
    standIn.acceptOnly('a-wrong-secret');
    clock.advance(1);
    await expect(tokens.get()).resolves.toBe('issued-token');
    expect(logins() - before).toBe(2);
    standIn.acceptOnly(appPassword);
  });

  it('does not keep a failure that is not a refusal, and says the login could not be reached', async () => {
    const clock = createManualClock('2026-03-01T10:00:00Z');
    const unreachable = createBotTokenSource({ appId, password: new Secret(appPassword), tokenUrl: 'http://127.0.0.1:9/login/t/oauth2/v2.0/token', scope: 'https://api.example', clock, timeoutMs: 2_000 });
    const error = await unreachable.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BotFrameworkTokenError);
    expect((error as BotFrameworkTokenError).refused).toBe(false);
    expect((error as Error).message).toMatch(/could not be reached: ECONNREFUSED/);
    await expect(unreachable.get()).rejects.toThrow(/could not be reached/);
  });

  it('is what `npx pax8-chatops check` asks, with the configured endpoints', async () => {
    const teams = { appType: 'SingleTenant', tenantId, endpoints: { openIdMetadataUrl: '', tokenIssuer: '', loginUrl: standIn.settings.ToChannelFromBotLoginUrl ?? '', oauthScope: standIn.oauthScope } };
    const check = teamsCheck(appId, createBotTokenSources(teams, appId, new Secret(appPassword)).configured());
    await expect(check.run()).resolves.toBe(`app ${appId} can get a Bot Framework token from ${standIn.url}/login/${tenantId}/oauth2/v2.0/token`);
    const refused = teamsCheck(appId, createBotTokenSources(teams, appId, new Secret('wrong')).configured());
    await expect(refused.run()).rejects.toThrow(/refused the bot's credentials: invalid_client/);
  });
});
