import { describe, expect, it } from 'vitest';
import type { Pax8InstanceConfig } from '../../src/config.ts';
import { InvalidInputError } from '../../src/errors.ts';
import { collect, createPax8Clients } from '../../src/pax8/index.ts';
import { createConcurrencyLimit } from '../../src/http/concurrency-limit.ts';
import { Secret } from '../../src/util/secret.ts';
import { createFakePax8, origin, pageOf } from '../helpers/pax8-mock-agent.ts';

function instance(name: string, isDefault: boolean, baseUrl: string): Pax8InstanceConfig {
  return { name, isDefault, clientId: `id-${name}`, clientSecret: new Secret(`secret-${name}`), baseUrl, tokenUrl: `${origin}/v1/token`, audience: 'https://api.pax8.com' };
}

describe('one client per Pax8 account', () => {
  it('routes by instance name and falls back to the default', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/us/companies?page=0&size=200', method: 'GET' }).reply(200, pageOf([{ id: 'u', name: 'US co' }], 0, 1)).times(2);
    fake.pool.intercept({ path: '/eu/companies?page=0&size=200', method: 'GET' }).reply(200, pageOf([{ id: 'e', name: 'EU co' }], 0, 1));
    const clients = createPax8Clients([instance('eu', false, `${origin}/eu`), instance('us', true, `${origin}/us`)], { dispatcher: fake.agent });
    // The default first: lookups across accounts ask it first.
    expect(clients.names).toEqual(['us', 'eu']);
    expect((await collect(clients.get().companies.list())).map((c) => c.name)).toEqual(['US co']);
    expect((await collect(clients.get('us').companies.list())).map((c) => c.name)).toEqual(['US co']);
    expect((await collect(clients.get('eu').companies.list())).map((c) => c.name)).toEqual(['EU co']);
    expect(() => clients.get('apac')).toThrow(InvalidInputError);
  });

  it('with no instance configured, asking for the default is an error', () => {
    expect(() => createPax8Clients([]).get()).toThrow(/unknown Pax8 instance/);
  });
});

describe('concurrency limit', () => {
  it('never runs more than the limit at once and runs everything', async () => {
    const limit = createConcurrencyLimit(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        limit.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          running -= 1;
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(peak).toBe(3);
  });
});
