import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first } from '../helpers/sandbox-http.ts';
import { type MicrosoftHarness, type Ms, startMicrosoftHarness, type TenantRow } from '../helpers/microsoft-sandbox.ts';

const SKU = {
  businessBasic: '3b555118-da6a-4418-894f-7df1e2096870',
  m365E3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  exchangePlan1: '4b9405b0-7788-4568-add1-99614e613b69',
  exchangePlan2: '19ec0d23-8335-4cbd-94ac-6050e30712fa',
  teamsPhone: 'e43b5b99-8dfb-405f-9987-dc307f34bcbd',
};
const password = 'Tr1cky-Passw0rd!';
const q = encodeURIComponent;

let h: MicrosoftHarness;
let tenant: TenantRow;
let token: string;
let seq = 0;

const call = (method: string, path: string, body?: unknown) => h.graph(token, method, path, body);

/** A new user on the tenant's default domain; `usageLocation` unless told otherwise. */
async function newUser(extra: Record<string, unknown> = { usageLocation: 'US' }): Promise<Ms> {
  seq += 1;
  const res = await call('POST', '/users', {
    accountEnabled: true, displayName: `Test User ${seq}`, mailNickname: `test.user${seq}`, userPrincipalName: `test.user${seq}@${tenant.defaultDomain}`,
    passwordProfile: { forceChangePasswordNextSignIn: true, password }, ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function sku(skuId: string): Promise<Ms | undefined> {
  return (await call('GET', '/subscribedSkus')).body.value.find((s) => s.skuId === skuId);
}

/** A SKU with at least one free seat whose plans do not clash with anything else a fresh user gets. */
async function freeSku(): Promise<Ms> {
  const skus = (await call('GET', '/subscribedSkus')).body.value;
  return first(skus.filter((s) => s.prepaidUnits.enabled - s.consumedUnits > 0 && s.skuId !== SKU.teamsPhone));
}

/** A token of the first seeded tenant where `test` holds; a test failure when none does. */
async function inSomeTenant(test: (token: string) => Promise<boolean>): Promise<string> {
  for (const t of await h.usableTenants()) {
    const tk = await h.tokenFor(t.tenantId);
    if (await test(tk)) return tk;
  }
  throw new Error('no seeded tenant has what this test needs');
}

async function domainOf(tk: string): Promise<string> {
  const org = first((await h.graph(tk, 'GET', '/organization')).body.value);
  return first(org.verifiedDomains.filter((d) => d.isDefault)).name;
}

beforeAll(async () => {
  h = await startMicrosoftHarness();
  const candidates = await h.usableTenants(30);
  for (const t of candidates) {
    const tk = await h.tokenFor(t.tenantId);
    const skus = (await h.graph(tk, 'GET', '/subscribedSkus')).body.value;
    if (skus.some((s) => s.prepaidUnits.enabled - s.consumedUnits > 0 && s.skuId !== SKU.teamsPhone)) {
      tenant = t;
      token = tk;
      break;
    }
  }
  expect(token, 'a seeded tenant with a free seat').toBeDefined();
});
afterAll(() => h.close());

describe('POST /users', () => {
  it('creates a user (201, the default properties) that GET and $filter then find', async () => {
    const user = await newUser({ usageLocation: 'US', givenName: 'Adele', surname: 'Vance' });
    expect(user).toMatchObject({ displayName: `Test User ${seq}`, givenName: 'Adele', mail: null, userPrincipalName: `test.user${seq}@${tenant.defaultDomain}` });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    const found = (await call('GET', `/users?$select=id,accountEnabled,usageLocation&$filter=${q(`userPrincipalName eq '${String(user.userPrincipalName)}'`)}`)).body.value;
    expect(found).toEqual([{ id: user.id, accountEnabled: true, usageLocation: 'US' }]);
  });

  it('refuses a duplicate UPN, a weak password, an unverified domain, a missing field and an unknown property', async () => {
    const user = await newUser();
    const base = { accountEnabled: true, displayName: 'X', mailNickname: 'x', passwordProfile: { password } };
    const duplicate = await call('POST', '/users', { ...base, userPrincipalName: String(user.userPrincipalName).toUpperCase() });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error).toMatchObject({ code: 'Request_BadRequest', message: 'Another object with the same value for property userPrincipalName already exists.' });
    const weak = await call('POST', '/users', { ...base, userPrincipalName: `weak@${tenant.defaultDomain}`, passwordProfile: { password: 'password' } });
    expect(weak.body.error.code).toBe('Request_BadRequest');
    expect(weak.body.error.message).toContain('password complexity');
    const foreign = await call('POST', '/users', { ...base, userPrincipalName: 'someone@not-their-domain.example' });
    expect(foreign.body.error.message).toContain('verified domain');
    const missing = await call('POST', '/users', { accountEnabled: true, displayName: 'X', userPrincipalName: `nonick@${tenant.defaultDomain}`, passwordProfile: { password } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain("'mailNickname'");
    const unknown = await call('POST', '/users', { ...base, userPrincipalName: `odd@${tenant.defaultDomain}`, shoeSize: 44 });
    expect(unknown.body.error.message).toContain("'shoeSize'");
    expect((await call('POST', '/users', '{not json')).status).toBe(400);
    const none = await call('GET', `/users?$filter=${q(`startswith(userPrincipalName,'weak@') or startswith(userPrincipalName,'odd@') or startswith(userPrincipalName,'nonick@')`)}`);
    expect(none.body.value).toEqual([]);
  });
});

describe('PATCH, manager, sessions', () => {
  it('PATCH blocks sign-in and sets the usage location (204), read back by GET', async () => {
    const user = await newUser({});
    expect((await call('PATCH', `/users/${user.id}`, { accountEnabled: false, usageLocation: 'GB', jobTitle: 'Leaver' })).status).toBe(204);
    expect((await call('GET', `/users/${user.id}?$select=accountEnabled,usageLocation,jobTitle`)).body).toMatchObject({ accountEnabled: false, usageLocation: 'GB', jobTitle: 'Leaver' });
    expect((await call('PATCH', `/users/${user.id}`, { usageLocation: 'Great Britain' })).status).toBe(400);
    expect((await call('PATCH', `/users/${user.id}`, { 'manager@odata.bind': 'x', nickname: 'y' })).status).toBe(400);
  });

  it('PUT manager/$ref sets the manager (204), GET manager reads it; an unknown manager is 404', async () => {
    const [boss, worker] = [await newUser(), await newUser()];
    const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/users/${boss.id}` };
    expect((await call('PUT', `/users/${worker.id}/manager/$ref`, ref)).status).toBe(204);
    expect((await call('GET', `/users/${worker.id}/manager`)).body.id).toBe(boss.id);
    expect((await call('PUT', `/users/${worker.id}/manager/$ref`, { '@odata.id': 'https://graph.microsoft.com/v1.0/users/00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await call('PUT', `/users/${worker.id}/manager/$ref`, { manager: boss.id })).status).toBe(400);
  });

  it('revokeSignInSessions answers {"value": true} and moves signInSessionsValidFromDateTime', async () => {
    const user = await newUser();
    await h.admin('POST', '/clock', { advance: 'PT10M' });
    token = await h.tokenFor(tenant.tenantId);
    const before = (await call('GET', `/users/${user.id}?$select=signInSessionsValidFromDateTime`)).body.signInSessionsValidFromDateTime;
    const revoked = await call('POST', `/users/${user.id}/revokeSignInSessions`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.value).toBe(true);
    const after = (await call('GET', `/users/${user.id}?$select=signInSessionsValidFromDateTime`)).body.signInSessionsValidFromDateTime;
    expect(Date.parse(String(after))).toBeGreaterThan(Date.parse(String(before)));
  });
});

describe('POST /users/{id}/assignLicense', () => {
  it('assigns a free seat (consumedUnits + 1), shows in licenseDetails, and removes it again', async () => {
    const target = await freeSku();
    const user = await newUser();
    const assigned = await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: target.skuId, disabledPlans: [] }], removeLicenses: [] });
    expect(assigned.status).toBe(200);
    expect(assigned.body.id).toBe(user.id);
    expect((await sku(target.skuId))?.consumedUnits).toBe(target.consumedUnits + 1);
    expect((await call('GET', `/users/${user.id}/licenseDetails`)).body.value.map((d) => d.skuId)).toEqual([target.skuId]);
    const again = await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: target.skuId }], removeLicenses: [] });
    expect(again.status).toBe(200);
    expect((await sku(target.skuId))?.consumedUnits).toBe(target.consumedUnits + 1);
    expect((await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [], removeLicenses: [target.skuId] })).status).toBe(200);
    expect((await sku(target.skuId))?.consumedUnits).toBe(target.consumedUnits);
  });

  it('needs both arrays, a SKU the tenant has, and a usage location', async () => {
    const target = await freeSku();
    const user = await newUser({});
    for (const body of [{ addLicenses: [{ skuId: target.skuId }] }, { removeLicenses: [] }, { addLicenses: [{ skuId: 'E3' }], removeLicenses: [] }]) {
      const res = await call('POST', `/users/${user.id}/assignLicense`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('Request_BadRequest');
    }
    const foreign = await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: '45715bb8-13f9-4bf6-927f-ef96c102d394' }], removeLicenses: [] });
    expect(foreign.body.error.message).toContain('does not correspond to a valid company License');
    const noLocation = await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: target.skuId, disabledPlans: [] }], removeLicenses: [] });
    expect(noLocation.body.error).toMatchObject({ code: 'Request_BadRequest', message: 'License assignment cannot be done for user with invalid usage location.' });
    expect((await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [], removeLicenses: [target.skuId] })).body.error.message).toBe('User does not have a corresponding license.');
  });

  it('refuses a SKU without a free seat, and changes nothing', async () => {
    const target = await freeSku();
    const free = target.prepaidUnits.enabled - target.consumedUnits;
    const takers: Ms[] = [];
    for (let i = 0; i < free; i++) {
      const user = await newUser();
      expect((await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: target.skuId, disabledPlans: [] }], removeLicenses: [] })).status).toBe(200);
      takers.push(user);
    }
    const late = await newUser();
    const refused = await call('POST', `/users/${late.id}/assignLicense`, { addLicenses: [{ skuId: target.skuId, disabledPlans: [] }], removeLicenses: [] });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'Request_BadRequest', message: `Subscription with SKU ${target.skuId} does not have any available licenses.` });
    expect((await sku(target.skuId))?.consumedUnits).toBe(target.prepaidUnits.enabled);
    expect((await call('GET', `/users/${late.id}/licenseDetails`)).body.value).toEqual([]);
    for (const user of takers) await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [], removeLicenses: [target.skuId] });
  });

  it('refuses plans that exclude each other, unless the clashing plan is disabled', async () => {
    const skus = (await call('GET', '/subscribedSkus')).body.value;
    const planOf = (s: Ms, name: string) => s.servicePlans.find((p) => p.servicePlanName === name)?.servicePlanId;
    const withFree = (s: Ms) => s.prepaidUnits.enabled - s.consumedUnits > 0;
    const standard = skus.find((s) => withFree(s) && planOf(s, 'EXCHANGE_S_STANDARD') !== undefined);
    const enterprise = skus.find((s) => withFree(s) && planOf(s, 'EXCHANGE_S_ENTERPRISE') !== undefined);
    if (standard && enterprise) {
      const user = await newUser();
      expect((await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: standard.skuId, disabledPlans: [] }], removeLicenses: [] })).status).toBe(200);
      const clash = await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: enterprise.skuId, disabledPlans: [] }], removeLicenses: [] });
      expect(clash.status).toBe(400);
      expect(clash.body.error.message).toMatch(/^License assignment failed because service plans .* are mutually exclusive\.$/);
      const disabled = [planOf(enterprise, 'EXCHANGE_S_ENTERPRISE') ?? ''];
      expect((await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: enterprise.skuId, disabledPlans: disabled }], removeLicenses: [] })).status).toBe(200);
      await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [], removeLicenses: [standard.skuId, enterprise.skuId] });
    }
    expect(standard !== undefined && enterprise !== undefined, 'the tenant sells both Exchange plans').toBe(true);
  });

  it('refuses Teams Phone to a user without a Teams base licence (a missing prerequisite plan)', async () => {
    const found = await inSomeTenant(async (tk) => (await h.graph(tk, 'GET', '/subscribedSkus')).body.value.some((s) => s.skuId === SKU.teamsPhone && s.prepaidUnits.enabled > s.consumedUnits));
    const user = (await h.graph(found, 'POST', '/users', { accountEnabled: true, displayName: 'Phone', mailNickname: 'phone.only', userPrincipalName: `phone.only@${await domainOf(found)}`, usageLocation: 'US', passwordProfile: { password } })).body;
    const lonely = await h.graph(found, 'POST', `/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: SKU.teamsPhone, disabledPlans: [] }], removeLicenses: [] });
    expect(lonely.status).toBe(400);
    expect(lonely.body.error.message).toBe('License assignment failed because service plan 4828c8ec-dc2e-4779-b502-87ac9ce28ab7 depends on the service plan(s) 0feaeb32-d00e-4d66-bd5a-43b5b83db82c.');
  });

  it('will not remove a group-inherited licence directly', async () => {
    let grouped: Ms | undefined;
    const found = await inSomeTenant(async (tk) => {
      const users = (await h.graph(tk, 'GET', '/users?$top=999&$select=id,licenseAssignmentStates')).body.value;
      grouped = users.find((u) => u.licenseAssignmentStates.some((s) => s.assignedByGroup !== null));
      return grouped !== undefined;
    });
    const skuId = first(grouped?.licenseAssignmentStates.filter((s) => s.assignedByGroup !== null)).skuId;
    const res = await h.graph(found, 'POST', `/users/${grouped?.id ?? ''}/assignLicense`, { addLicenses: [], removeLicenses: [skuId] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('User license is inherited from a group membership and it cannot be removed directly from the user.');
  });

  it('sees a new usage location only after replication when --usage-location-delay is set', async () => {
    const lagging = await startMicrosoftHarness({ usageLocationDelaySeconds: 600 });
    try {
      const t = first(await lagging.usableTenants(10));
      const tk = await lagging.tokenFor(t.tenantId);
      const free = first((await lagging.graph(tk, 'GET', '/subscribedSkus')).body.value.filter((s) => s.prepaidUnits.enabled > s.consumedUnits && s.skuId !== SKU.teamsPhone));
      const created = await lagging.graph(tk, 'POST', '/users', { accountEnabled: true, displayName: 'Late', mailNickname: 'late', userPrincipalName: `late@${t.defaultDomain}`, passwordProfile: { password } });
      const id = created.body.id;
      expect((await lagging.graph(tk, 'PATCH', `/users/${id}`, { usageLocation: 'US' })).status).toBe(204);
      const assign = () => lagging.graph(tk, 'POST', `/users/${id}/assignLicense`, { addLicenses: [{ skuId: free.skuId, disabledPlans: [] }], removeLicenses: [] });
      expect((await assign()).body.error.message).toBe('License assignment cannot be done for user with invalid usage location.');
      await lagging.admin('POST', '/clock', { advance: 'PT11M' });
      expect((await lagging.graph(await lagging.tokenFor(t.tenantId), 'POST', `/users/${id}/assignLicense`, { addLicenses: [{ skuId: free.skuId, disabledPlans: [] }], removeLicenses: [] })).status).toBe(200);
    } finally {
      await lagging.close();
    }
  });
});

describe('Graph writes log', () => {
  it('records every Graph write with its tenant and status, passwords blanked; the Pax8 log stays Pax8-only', async () => {
    await h.msAdmin('DELETE', '/writes');
    await h.admin('DELETE', '/writes');
    const user = await newUser();
    await call('POST', '/users', { accountEnabled: true, displayName: 'Dup', mailNickname: 'dup', userPrincipalName: String(user.userPrincipalName), passwordProfile: { password } });
    await call('GET', '/users?$top=1');
    const writes = (await h.msAdmin('GET', '/writes')).body.writes as Ms[];
    expect(writes.map((w) => [w.method, w.path, w.status, w.tenantId])).toEqual([
      ['POST', '/graph/v1.0/users', 201, tenant.tenantId],
      ['POST', '/graph/v1.0/users', 400, tenant.tenantId],
    ]);
    expect(JSON.stringify(writes)).not.toContain(password);
    expect(first(writes).body).toMatchObject({ passwordProfile: { password: '[redacted]' } });
    expect((await h.admin('GET', '/writes')).body.writes).toEqual([]);
  });
});
