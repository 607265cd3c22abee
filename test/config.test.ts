import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect, parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';

const noFile = () => undefined;
const fileWith = (text: string) => (path: string) => (path.endsWith('.yaml') ? text : undefined);

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the documented defaults and the sandbox when nothing is set', () => {
    const config = loadConfig({}, noFile);
    expect(config.port).toBe(3978);
    expect(config.dataDir).toBe('./data');
    expect(config.sandbox).toEqual({ enabled: true, port: 4010 });
    expect(config.pax8.instances).toEqual([]);
    expect(config.pax8.rateLimitPerMinute).toBe(1000);
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
    expect(config.teams.appType).toBe('SingleTenant');
    expect(config.policy.approvals).toMatchObject({ expiresAfter: 86_400_000, remindAfter: 14_400_000, selfApproval: false, secondApproverAbove: 1000, autoApprove: [] });
    expect(config.policy.roles.requesters).toEqual(['*']);
    expect(Object.isFrozen(config.policy.roles)).toBe(true);
  });

  it('builds the default Pax8 instance from PAX8_CLIENT_ID and PAX8_CLIENT_SECRET', () => {
    const config = loadConfig({ PAX8_CLIENT_ID: 'id-1', PAX8_CLIENT_SECRET: 's3cr3t-value' }, noFile);
    expect(config.sandbox.enabled).toBe(false);
    const [instance] = config.pax8.instances;
    expect(instance).toMatchObject({ name: 'default', isDefault: true, clientId: 'id-1', baseUrl: 'https://api.pax8.com/v1', tokenUrl: 'https://api.pax8.com/v1/token', audience: 'https://api.pax8.com' });
    expect(instance?.clientSecret.reveal()).toBe('s3cr3t-value');
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() =>
      loadConfig(
        { PORT: 'eighty', LOG_LEVEL: 'loud', PAX8_CLIENT_ID: 'only-the-id', MicrosoftAppId: 'app' },
        fileWith('approvals:\n  expiresAfter: soon\n  selfAproval: true\nroles:\n  approvers: [not-an-email]\n'),
      ),
    );
    const text = problems.join('\n');
    expect(text).toContain('PORT');
    expect(text).toContain('LOG_LEVEL');
    expect(text).toContain('"soon" is not a duration');
    expect(text).toMatch(/selfAproval/);
    expect(text).toContain('roles.approvers.0');
    // Checks across variables run even though PORT and LOG_LEVEL are malformed.
    expect(text).toContain('PAX8_CLIENT_ID and PAX8_CLIENT_SECRET');
    expect(text).toContain('MicrosoftAppPassword');
    expect(problems.length).toBeGreaterThanOrEqual(7);
  });

  it('reports environment problems together with instance problems', () => {
    const problems = problemsOf(() => loadConfig({ PAX8_CLIENT_ID: 'only-the-id', MicrosoftAppId: 'app' }, noFile));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('PAX8_CLIENT_ID and PAX8_CLIENT_SECRET'),
        expect.stringContaining('MicrosoftAppPassword'),
        expect.stringContaining('MicrosoftAppTenantId'),
      ]),
    );
  });

  it('reads the Microsoft app registration for customer tenants, with Entra and Graph defaults', () => {
    expect(loadConfig({}, noFile).microsoft).toEqual({ clientId: undefined, clientSecret: undefined, loginUrl: 'https://login.microsoftonline.com', graphBaseUrl: 'https://graph.microsoft.com/v1.0' });
    const config = loadConfig(
      { MICROSOFT_CLIENT_ID: 'app-1', MICROSOFT_CLIENT_SECRET: 'ms-secret-value', MICROSOFT_LOGIN_URL: 'http://127.0.0.1:4010/login', GRAPH_BASE_URL: 'http://127.0.0.1:4010/graph/v1.0' },
      noFile,
    );
    expect(config.microsoft).toMatchObject({ clientId: 'app-1', loginUrl: 'http://127.0.0.1:4010/login', graphBaseUrl: 'http://127.0.0.1:4010/graph/v1.0' });
    expect(config.microsoft.clientSecret?.reveal()).toBe('ms-secret-value');
    expect(JSON.stringify(config)).not.toContain('ms-secret-value');
  });

  it('refuses half a Microsoft app registration and a malformed endpoint, together', () => {
    const problems = problemsOf(() => loadConfig({ MICROSOFT_CLIENT_SECRET: 'ms-secret-value', GRAPH_BASE_URL: 'graph.microsoft.com' }, noFile));
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('GRAPH_BASE_URL'), expect.stringContaining('MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET')]));
    expect(problems.join('\n')).not.toContain('ms-secret-value');
  });

  it('never prints a secret, whatever prints the config', () => {
    const config = loadConfig(
      { PAX8_CLIENT_ID: 'id', PAX8_CLIENT_SECRET: 'pax8-very-secret', SLACK_BOT_TOKEN: 'xoxb-123-secret', SLACK_SIGNING_SECRET: 'signing-secret-value', DATABASE_URL: 'postgresql://u:dbpass@h/db' },
      noFile,
    );
    const printed = [JSON.stringify(config), inspect(config, { depth: 10 }), String(config.slack.botToken)].join('\n');
    for (const secret of ['pax8-very-secret', 'xoxb-123-secret', 'signing-secret-value', 'dbpass']) expect(printed).not.toContain(secret);
  });

  it('does not echo secret values in error messages', () => {
    const problems = problemsOf(() => loadConfig({ PAX8_CLIENT_SECRET: 'leak-me-not', PORT: '-1' }, noFile));
    expect(problems.join('\n')).not.toContain('leak-me-not');
  });

  it('reads Pax8 instances with credentials from the named variables', () => {
    const yaml = `pax8:\n  instances:\n    - { name: us, clientIdEnv: US_ID, clientSecretEnv: US_SECRET }\n    - { name: eu, clientIdEnv: EU_ID, clientSecretEnv: EU_SECRET, default: true, baseUrl: "https://eu.example/v1" }\n`;
    const config = loadConfig({ US_ID: 'u', US_SECRET: 'us', EU_ID: 'e', EU_SECRET: 'es' }, fileWith(yaml));
    expect(config.pax8.instances.map((i) => [i.name, i.isDefault, i.baseUrl])).toEqual([
      ['us', false, 'https://api.pax8.com/v1'],
      ['eu', true, 'https://eu.example/v1'],
    ]);
  });

  it('reads the Pax8 webhook authorization value of each account, as a secret, and refuses a missing or shared one', () => {
    const single = loadConfig({ PAX8_CLIENT_ID: 'id', PAX8_CLIENT_SECRET: 's', PAX8_WEBHOOK_AUTHORIZATION: 'hook-value-1' }, noFile);
    expect(single.pax8.instances[0]?.webhookAuthorization?.reveal()).toBe('hook-value-1');
    expect(inspect(single)).not.toContain('hook-value-1');
    expect(loadConfig({ PAX8_CLIENT_ID: 'id', PAX8_CLIENT_SECRET: 's' }, noFile).pax8.instances[0]?.webhookAuthorization).toBeUndefined();

    const yaml = `pax8:\n  instances:\n    - { name: us, clientIdEnv: US_ID, clientSecretEnv: US_SECRET, webhookAuthorizationEnv: US_HOOK }\n    - { name: eu, clientIdEnv: EU_ID, clientSecretEnv: EU_SECRET, default: true }\n`;
    const both = loadConfig({ US_ID: 'u', US_SECRET: 'us', US_HOOK: 'us-hook', EU_ID: 'e', EU_SECRET: 'es', PAX8_WEBHOOK_AUTHORIZATION: 'eu-hook' }, fileWith(yaml));
    expect(both.pax8.instances.map((i) => [i.name, i.webhookAuthorization?.reveal()])).toEqual([['us', 'us-hook'], ['eu', 'eu-hook']]);
    expect(problemsOf(() => loadConfig({ US_ID: 'u', US_SECRET: 'us', EU_ID: 'e', EU_SECRET: 'es' }, fileWith(yaml)))).toEqual([
      'pax8.instances[0] (us): environment variable US_HOOK (webhookAuthorizationEnv) is not set',
    ]);
    const shared = problemsOf(() => loadConfig({ US_ID: 'u', US_SECRET: 'us', US_HOOK: 'same-hook', EU_ID: 'e', EU_SECRET: 'es', PAX8_WEBHOOK_AUTHORIZATION: 'same-hook' }, fileWith(yaml)));
    expect(shared).toEqual([expect.stringMatching(/pax8\.instances\[1\] \(eu\): its webhook authorization value is the same as us's/)]);
    expect(shared.join('\n')).not.toContain('same-hook');
  });

  it('reads tenant links by id or domain, and refuses anything else or an unknown account', () => {
    const good = 'microsoft:\n  tenants:\n    - { company: "Contoso Ltd", tenant: contoso.onmicrosoft.com }\n    - { company: Fabrikam, tenant: 6F1C2D3E-4A5B-4C6D-8E7F-9A0B1C2D3E4F }\n';
    expect(loadConfig({}, fileWith(good)).tenantLinks).toEqual([
      { company: 'Contoso Ltd', tenant: 'contoso.onmicrosoft.com' },
      { company: 'Fabrikam', tenant: '6F1C2D3E-4A5B-4C6D-8E7F-9A0B1C2D3E4F' },
    ]);
    const bad = 'pax8:\n  instances:\n    - { name: us, clientIdEnv: US_ID, clientSecretEnv: US_SECRET }\nmicrosoft:\n  tenants:\n    - { company: Contoso, tenant: "not a tenant" }\n    - { company: Fabrikam, tenant: fabrikam.com, account: emea }\n';
    const problems = problemsOf(() => loadConfig({ US_ID: 'u', US_SECRET: 's' }, fileWith(bad)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/microsoft\.tenants\.0\.tenant.*tenant id \(a GUID/);
    const unknownAccount = 'pax8:\n  instances:\n    - { name: us, clientIdEnv: US_ID, clientSecretEnv: US_SECRET }\nmicrosoft:\n  tenants:\n    - { company: Fabrikam, tenant: fabrikam.com, account: emea }\n';
    expect(problemsOf(() => loadConfig({ US_ID: 'u', US_SECRET: 's' }, fileWith(unknownAccount)))).toEqual(['microsoft.tenants[0].account: "emea" is not one of pax8.instances (us)']);
  });

  it('refuses a channel mapping naming an account that is not one of the instances', () => {
    const yaml = 'pax8:\n  instances:\n    - { name: us, clientIdEnv: US_ID, clientSecretEnv: US_SECRET }\nmappings:\n  - { channel: "slack:C1", company: Contoso, account: us }\n  - { channel: "slack:C2", company: Fabrikam, account: emea }\n';
    expect(problemsOf(() => loadConfig({ US_ID: 'u', US_SECRET: 's' }, fileWith(yaml)))).toEqual(['mappings[1].account: "emea" is not one of pax8.instances (us)']);
  });

  it('names the missing variables of a configured instance', () => {
    const yaml = 'pax8:\n  instances:\n    - { name: us, clientIdEnv: US_ID, clientSecretEnv: US_SECRET }\n';
    expect(problemsOf(() => loadConfig({}, fileWith(yaml)))).toEqual([
      expect.stringContaining('US_ID is not set'),
      expect.stringContaining('US_SECRET is not set'),
    ]);
  });

  it('refuses YAML that does not parse, and a named config file that does not exist', () => {
    expect(problemsOf(() => loadConfig({}, fileWith('roles: [unclosed')))[0]).toContain('not valid YAML');
    expect(problemsOf(() => loadConfig({ CONFIG_FILE: '/nowhere/policy.yaml' }, noFile))[0]).toContain('does not exist');
  });

  it('accepts the design example and normalises e-mail addresses', () => {
    const yaml = [
      'roles:',
      '  admins: [Admin@MSP.example]',
      '  approvers: [ann@msp.example, bob@msp.example]',
      '  requesters: ["*"]',
      'approvals:',
      '  expiresAfter: 24h',
      '  remindAfter: 4h',
      '  selfApproval: false',
      '  secondApproverAbove: 1000',
      '  autoApprove: []',
      'slack:',
      '  approvalsChannel: C0APPROVALS',
      'teams:',
      '  approvalsConversationId: "19:abc@thread.tacv2"',
      'mappings:',
      '  - { channel: "slack:C0CONTOSO", company: "Contoso Ltd" }',
    ].join('\n');
    const config = loadConfig({}, fileWith(yaml));
    expect(config.policy.roles.admins).toEqual(['admin@msp.example']);
    expect(config.slack.approvalsChannel).toBe('C0APPROVALS');
    expect(config.mappings).toEqual([{ channel: 'slack:C0CONTOSO', company: 'Contoso Ltd' }]);
  });

  it("reads botbuilder's endpoint settings for another cloud, all four together, and its ValidateAuthority", () => {
    const teams = { MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: 't' };
    expect(loadConfig(teams, noFile).teams).toMatchObject({ endpoints: undefined, validateAuthority: true });
    const gov = {
      ...teams,
      ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
      ToBotFromChannelTokenIssuer: 'https://api.botframework.us',
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
      ToChannelFromBotOAuthScope: 'https://api.botframework.us',
      ValidateAuthority: 'false',
    };
    const config = loadConfig(gov, noFile);
    expect(config.teams).toMatchObject({
      endpoints: {
        openIdMetadataUrl: gov.ToBotFromChannelOpenIdMetadataUrl,
        tokenIssuer: gov.ToBotFromChannelTokenIssuer,
        loginUrl: gov.ToChannelFromBotLoginUrl,
        oauthScope: gov.ToChannelFromBotOAuthScope,
      },
      validateAuthority: false,
    });
    expect(config.warnings).toEqual([]);
    expect(problemsOf(() => loadConfig({ ...teams, ToBotFromChannelOpenIdMetadataUrl: gov.ToBotFromChannelOpenIdMetadataUrl, ToChannelFromBotLoginUrl: gov.ToChannelFromBotLoginUrl }, noFile))).toEqual([
      'set ToBotFromChannelOpenIdMetadataUrl, ToBotFromChannelTokenIssuer, ToChannelFromBotLoginUrl, ToChannelFromBotOAuthScope together (another cloud than the public one), or none of them; missing: ToBotFromChannelTokenIssuer, ToChannelFromBotOAuthScope',
    ]);
    expect(problemsOf(() => loadConfig({ ...gov, ValidateAuthority: 'maybe' }, noFile))).toEqual([expect.stringContaining('ValidateAuthority')]);
  });

  it('wants a tenant and no password for a managed identity', () => {
    expect(problemsOf(() => loadConfig({ MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppPassword: 'pw' }, noFile))).toEqual([
      'MicrosoftAppType is UserAssignedMSI but MicrosoftAppTenantId is not set',
      'MicrosoftAppType is UserAssignedMSI (a managed identity, no password) but MicrosoftAppPassword is set',
    ]);
    expect(loadConfig({ MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' }, noFile).teams.appPassword).toBeUndefined();
  });

  it('.env.example loads as it is and lists the endpoint settings', () => {
    const example = parseEnv(readFileSync(join(import.meta.dirname, '..', '.env.example'), 'utf8'));
    expect(Object.keys(example)).toEqual(expect.arrayContaining(['ToBotFromChannelOpenIdMetadataUrl', 'ToBotFromChannelTokenIssuer', 'ToChannelFromBotLoginUrl', 'ToChannelFromBotOAuthScope', 'ValidateAuthority']));
    expect(loadConfig(example, noFile).teams).toMatchObject({ endpoints: undefined, validateAuthority: true });
  });

  it('takes the endpoints the bot trusts with keys and its secret over https, or over http on this machine only (with a warning)', () => {
    const stand = { ToBotFromChannelTokenIssuer: 'https://issuer.example', ToChannelFromBotOAuthScope: 'https://api.example' };
    const local = loadConfig({ ...stand, ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:4020/v1/.well-known/openidconfiguration', ToChannelFromBotLoginUrl: 'http://localhost:4020/login/t' }, noFile);
    expect(local.teams.endpoints?.loginUrl).toBe('http://localhost:4020/login/t');
    expect(local.warnings).toEqual([expect.stringContaining('plain http')]);
    const remote = problemsOf(() => loadConfig({ ...stand, ToBotFromChannelOpenIdMetadataUrl: 'http://keys.example/openid', ToChannelFromBotLoginUrl: 'https://login.example/t' }, noFile));
    // Malformed is not missing: one problem, naming the variable and what it needs.
    expect(remote).toEqual(['environment variable ToBotFromChannelOpenIdMetadataUrl: expected an https URL (http only for 127.0.0.1, ::1 or localhost)']);
  });

  it('follows the clock of a sandbox run on its own only at a URL on this machine (or https)', () => {
    const pax8 = { PAX8_CLIENT_ID: 'sandbox', PAX8_CLIENT_SECRET: 'sandbox', PAX8_BASE_URL: 'http://127.0.0.1:4010/v1', PAX8_TOKEN_URL: 'http://127.0.0.1:4010/v1/token' };
    expect(loadConfig(pax8, noFile).sandbox.clockUrl).toBeUndefined();
    expect(loadConfig({ ...pax8, SANDBOX_CLOCK_URL: 'http://127.0.0.1:4010' }, noFile).sandbox).toEqual({ enabled: false, port: 4010, clockUrl: 'http://127.0.0.1:4010' });
    expect(problemsOf(() => loadConfig({ ...pax8, SANDBOX_CLOCK_URL: 'http://sandbox.example:4010' }, noFile))).toEqual([
      'environment variable SANDBOX_CLOCK_URL: expected an https URL (http only for 127.0.0.1, ::1 or localhost)',
    ]);
  });

  it('warns about switches that turn a security check off', () => {
    const config = loadConfig({ DANGEROUSLY_SKIP_SLACK_VERIFICATION: 'true' }, noFile);
    expect(config.slack.dangerouslySkipVerification).toBe(true);
    expect(config.warnings.join('\n')).toContain('DANGEROUSLY_SKIP_SLACK_VERIFICATION');
  });
});
