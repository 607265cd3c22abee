import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import type { NewUser } from '../../src/microsoft/index.ts';
import { createTestMicrosoftClient, entraError, fakeClientSecret, graphError, startFakeMicrosoft, type FakeMicrosoft } from '../helpers/fake-microsoft.ts';

const consented = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const echoing = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e';
const adele = '87d349ed-44d7-43e1-9a83-5f2406dee5bd';
const password = 'xWwvJ]6NMw+bWH-d';
const newUser = { ...(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'reference', 'microsoft', 'user-create.request.json'), 'utf8')) as NewUser), passwordProfile: { password, forceChangePasswordNextSignIn: true } };

/** A debug logger whose whole output lands in a string. */
function captureLogs(): { log: ReturnType<typeof createLogger>; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { log: createLogger({ level: 'debug', destination: stream }), text: () => chunks.join('') };
}

let fake: FakeMicrosoft;
beforeEach(async () => {
  fake = await startFakeMicrosoft();
});
afterEach(() => fake.close());

describe('secrets never reach logs or errors', () => {
  it('holds across token refusals, echoed tokens and passwords, lost answers, timeouts and bad bodies', async () => {
    const token = `tok-${consented}-1`;
    fake.reply('POST', `/login/${echoing}/oauth2/v2.0/token`, { status: 401, body: entraError('invalid_client', 7000215, `Invalid client secret provided: '${fakeClientSecret}'.`) });
    fake.reply('POST', '/login/c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f/oauth2/v2.0/token', { status: 400, body: entraError('invalid_request', 9002313, `Request malformed, the value '${fakeClientSecret}' was not expected. More.`) });
    fake.reply(
      'POST',
      '/graph/v1.0/users',
      { status: 400, body: graphError('Request_BadRequest', `The password '${password}' does not comply with password complexity requirements.`) },
      { lose: true },
      { status: 503, body: graphError('serviceNotAvailable', `token ${token} password ${password}`) },
    );
    fake.reply('GET', `/graph/v1.0/users/${adele}`, { status: 400, body: graphError('Request_BadRequest', `Bearer ${token} is not valid for this call`) });
    fake.reply('PATCH', `/graph/v1.0/users/${adele}`, { status: 204, delayMs: 1_000 });
    fake.reply('GET', '/graph/v1.0/subscribedSkus', { status: 200, body: { value: [{ skuId: token }] } });

    const logs = captureLogs();
    const microsoft = createTestMicrosoftClient(fake, { log: logs.log, timeoutMs: 200, retry: { maxAttempts: 1 } });
    const graph = microsoft.forTenant(consented);
    const errors: unknown[] = [];
    for (const attempt of [
      () => microsoft.forTenant(echoing).organization(),
      () => microsoft.forTenant('c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f').organization(),
      () => graph.users.create(newUser),
      () => graph.users.create(newUser),
      () => graph.users.create(newUser),
      () => graph.users.get(adele),
      () => graph.users.update(adele, { accountEnabled: false }),
      () => graph.subscribedSkus(),
      () => graph.users.create({ ...newUser, passwordProfile: { password: 'Pw7!x', forceChangePasswordNextSignIn: true } }),
    ]) {
      errors.push(await attempt().then(() => 'no error', (error: unknown) => error));
    }
    expect(errors.map((e) => [(e as { code?: string }).code, (e as { reason?: string }).reason])).toEqual([
      ['entra_token', 'invalid_secret'],
      ['entra_token', 'refused'],
      ['graph_http', 'weak_password'],
      ['graph_outcome_unknown', undefined],
      ['graph_outcome_unknown', undefined],
      ['graph_http', 'bad_request'],
      ['graph_outcome_unknown', undefined],
      ['graph_schema', undefined],
      ['invalid_input', undefined],
    ]);
    const everything = [
      logs.text(),
      ...errors.map((e) => inspect(e, { depth: Number.POSITIVE_INFINITY })),
      ...errors.map((e) => JSON.stringify(e)),
      ...errors.map((e) => String(e)),
    ].join('\n');
    expect(logs.text()).toContain('"route":"/users"');
    expect(logs.text()).toContain('"route":"/{tenant}/oauth2/v2.0/token"');
    for (const secret of [fakeClientSecret, token, password, 'Pw7!x']) expect(everything).not.toContain(secret);
    // The requests did carry them: the test would pass vacuously otherwise.
    expect(fake.requests.some((r) => new URLSearchParams(r.body).get('client_secret') === fakeClientSecret)).toBe(true);
    expect(fake.requests.some((r) => r.body.includes(password))).toBe(true);
  });
});
