/**
 * An activity's Bot Framework token is verified once: the door's check (`admit`, for a 401 on every
 * refusal) hands its result to the adapter's check of the same activity, and nothing else. A JWT
 * signature check was a tenth of a turn's CPU when both made it. And the Bot Connector clients
 * botbuilder builds for a turn's answers are built once and shared (an HTTP pipeline per turn was a
 * sixth of a turn's garbage).
 */
import { Writable } from 'node:stream';
import { type Activity, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTeamsAuthentication } from '../../src/adapters/teams/create-teams-authentication.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { type BotFrameworkStandIn, startBotFrameworkStandIn } from '../helpers/bot-framework-stand-in.ts';
import { personalMessage } from '../helpers/teams-activities.ts';
import { people, tenantId } from '../helpers/teams-harness.ts';

const appId = '5f0c3b9e-0000-4000-8000-00000000a0c1';
const serviceUrl = 'http://127.0.0.1:9/';
const quiet = createLogger({ destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

describe('the Teams door and the adapter check a token once between them', () => {
  let standIn: BotFrameworkStandIn;
  let auth: ReturnType<typeof createTeamsAuthentication>;
  /** Full token checks, as botbuilder makes them. */
  let checks: ReturnType<typeof vi.spyOn>;
  const activity = () => personalMessage(serviceUrl, people.tech, 'help') as unknown as Activity & Record<string, unknown>;
  const bearer = () => `Bearer ${standIn.token(serviceUrl)}`;

  beforeAll(async () => {
    standIn = await startBotFrameworkStandIn({ appId, appPassword: 'pw', tenantId, accessToken: 'token' });
    const config = loadConfig({ MicrosoftAppId: appId, MicrosoftAppTenantId: tenantId, MicrosoftAppType: 'UserAssignedMSI', ...standIn.settings });
    auth = createTeamsAuthentication(config.teams, {}, quiet);
  });
  afterAll(() => standIn.close());
  afterEach(() => vi.restoreAllMocks());
  const spy = () => (checks = vi.spyOn(ConfigurationBotFrameworkAuthentication.prototype, 'authenticateRequest'));

  it('the adapter takes what the door found for the same activity and header: one check', async () => {
    spy();
    const a = activity();
    const header = bearer();
    expect(await auth.admit(a, header)).toEqual({ ok: true });
    const result = await auth.botFramework.authenticateRequest(a, header);
    expect(result.claimsIdentity.isAuthenticated).toBe(true);
    expect(checks).toHaveBeenCalledTimes(1);
    // Taken once: asked again, it checks again.
    await auth.botFramework.authenticateRequest(a, header);
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('another header for the admitted activity is checked, and a bad one refused', async () => {
    spy();
    const a = activity();
    expect(await auth.admit(a, bearer())).toEqual({ ok: true });
    await expect(auth.botFramework.authenticateRequest(a, 'Bearer not-a-jwt')).rejects.toThrow();
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('another activity with the same content and header is checked on its own', async () => {
    spy();
    const a = activity();
    const header = bearer();
    expect(await auth.admit(a, header)).toEqual({ ok: true });
    await auth.botFramework.authenticateRequest({ ...a, serviceUrl: 'https://evil.example/' }, header).catch(() => undefined);
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('a refused activity leaves nothing for the adapter to take', async () => {
    spy();
    const a = activity();
    expect((await auth.admit(a, 'Bearer not-a-jwt')).ok).toBe(false);
    await expect(auth.botFramework.authenticateRequest(a, 'Bearer not-a-jwt')).rejects.toThrow();
    expect(checks).toHaveBeenCalledTimes(2);
  });
});

describe('Bot Connector clients are built once per app, service URL and audience, and shared by every turn', () => {
  let standIn: BotFrameworkStandIn;
  let auth: ReturnType<typeof createTeamsAuthentication>;
  const bearer = () => `Bearer ${standIn.token(serviceUrl)}`;
  const scope = 'https://api.botframework.com';

  beforeAll(async () => {
    standIn = await startBotFrameworkStandIn({ appId, appPassword: 'pw', tenantId, accessToken: 'token' });
    const config = loadConfig({ MicrosoftAppId: appId, MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: tenantId, MicrosoftAppType: 'SingleTenant', ...standIn.settings });
    auth = createTeamsAuthentication(config.teams, {}, quiet);
  });
  afterAll(() => standIn.close());

  /** The connector factory botbuilder gets for one admitted activity, as the adapter asks for it. */
  const factoryOfATurn = async () => {
    const a = personalMessage(serviceUrl, people.tech, 'help') as unknown as Activity & Record<string, unknown>;
    const header = bearer();
    expect(await auth.admit(a, header)).toEqual({ ok: true });
    const result = await auth.botFramework.authenticateRequest(a, header);
    if (!result.connectorFactory) throw new Error('botbuilder gave no connector factory');
    return { factory: result.connectorFactory, claims: result.claimsIdentity };
  };

  it('two turns answer through the same client; another service URL or audience gets its own', async () => {
    const first = await factoryOfATurn();
    const second = await factoryOfATurn();
    const client = await first.factory.create(serviceUrl, scope);
    expect(await second.factory.create(serviceUrl, scope)).toBe(client);
    // A proactive post (botbuilder asks `createConnectorFactory` with the turn's claims) shares it too.
    expect(await auth.botFramework.createConnectorFactory(first.claims).create(serviceUrl, scope)).toBe(client);
    const elsewhere = await first.factory.create('http://127.0.0.1:10/', scope);
    expect(elsewhere).not.toBe(client);
    expect(await first.factory.create(serviceUrl, 'https://api.botframework.us')).not.toBe(client);
    // Each still signs its requests with the bot's token of the moment.
    expect(client.credentials).toBeDefined();
  });

  it('the user-token client botbuilder builds for every turn is built once per app', async () => {
    const first = await factoryOfATurn();
    const second = await factoryOfATurn();
    const client = await auth.botFramework.createUserTokenClient(first.claims);
    expect(await auth.botFramework.createUserTokenClient(second.claims)).toBe(client);
  });

  it('a client that could not be built is not kept: the next turn tries again', async () => {
    // Claims naming another app: the bot has no credentials for it, so botbuilder's factory refuses.
    const stranger = { claims: [{ type: 'aud', value: 'another-app' }], isAuthenticated: true, getClaimValue: (type: string) => (type === 'aud' ? 'another-app' : null) };
    const factory = auth.botFramework.createConnectorFactory(stranger);
    const failed = factory.create(serviceUrl, scope);
    await expect(failed).rejects.toThrow(/no credentials for app another-app/);
    const again = factory.create(serviceUrl, scope);
    expect(again).not.toBe(failed);
    await expect(again).rejects.toThrow(/no credentials/);
  });
});
