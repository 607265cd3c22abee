/**
 * An activity's Bot Framework token is verified once: the door's check (`admit`, for a 401 on every
 * refusal) hands its result to the adapter's check of the same activity, and nothing else. A JWT
 * signature check was a tenth of a turn's CPU when both made it.
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
