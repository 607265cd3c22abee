import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.ts';
import { parseSandboxArgs } from '../../src/sandbox/index.ts';
import { InvalidInputError } from '../../src/errors.ts';
import { startSandboxHarness } from '../helpers/sandbox-http.ts';

async function snapshot(seed: number): Promise<string> {
  const h = await startSandboxHarness({ seed, companies: 15, now: '2025-03-10T12:00:00Z' });
  try {
    const parts = await Promise.all(['/companies?size=200', '/subscriptions?size=200&sort=id,asc', '/products?size=200', '/invoices?size=200'].map((p) => h.api('GET', p)));
    return JSON.stringify(parts.map((p) => p.body));
  } finally {
    await h.close();
  }
}

describe('seeded data', () => {
  it('is identical for the same seed and time, different for another seed', async () => {
    const [a, b, c] = [await snapshot(7), await snapshot(7), await snapshot(8)];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('starts 2,000 companies and about 20,000 subscriptions quickly', async () => {
    const started = performance.now();
    const sandbox = await startSandbox({ port: 0, companies: 2000, rateLimit: 0 });
    const elapsed = Math.round(performance.now() - started);
    try {
      const token = (await (await fetch(sandbox.tokenUrl, { method: 'POST', body: new URLSearchParams({ client_id: 'sandbox', client_secret: 'sandbox', audience: sandbox.audience, grant_type: 'client_credentials' }) })).json()) as { access_token: string };
      const res = await fetch(`${sandbox.baseUrl}/subscriptions?size=1`, { headers: { authorization: `Bearer ${token.access_token}` } });
      const body = (await res.json()) as { page: { totalElements: number } };
      console.log(`sandbox with 2000 companies, ${body.page.totalElements} subscriptions started in ${elapsed} ms, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
      expect(body.page.totalElements).toBeGreaterThan(15_000);
    } finally {
      await sandbox.close();
    }
  });
});

describe('parseSandboxArgs', () => {
  it('parses every flag', () => {
    expect(parseSandboxArgs(['--port', '0', '--seed', '3', '--companies', '50', '--latency-ms', '20', '--fail-rate', '0.1', '--rate-limit', '0', '--client-id', 'id', '--client-secret=s', '--now', '2025-01-01T00:00:00Z', '--host', '0.0.0.0'])).toEqual({
      port: 0, seed: 3, companies: 50, latencyMs: 20, failRate: 0.1, rateLimit: 0, clientId: 'id', clientSecret: 's', now: '2025-01-01T00:00:00Z', host: '0.0.0.0',
    });
  });

  it('parses the Microsoft flags', () => {
    expect(parseSandboxArgs(['--microsoft-client-id', 'app', '--microsoft-client-secret=s3', '--provisioning-delay', '0.5', '--graph-rate-limit', '0', '--usage-location-delay', '30'])).toEqual({
      microsoftClientId: 'app', microsoftClientSecret: 's3', provisioningDelaySeconds: 0.5, graphRateLimit: 0, usageLocationDelaySeconds: 30,
    });
    for (const argv of [['--provisioning-delay', '-1'], ['--graph-rate-limit', '1.5'], ['--microsoft-client-id', ' ']]) {
      expect(() => parseSandboxArgs(argv)).toThrow(InvalidInputError);
    }
  });

  it('refuses bad input with a helpful InvalidInputError', () => {
    for (const argv of [['--port', 'x'], ['--fail-rate', '2'], ['--companies', '-1'], ['--now', 'tomorrow'], ['--colour', 'red'], ['--seed']]) {
      expect(() => parseSandboxArgs(argv)).toThrow(InvalidInputError);
    }
    expect(() => parseSandboxArgs(['--port', 'x'])).toThrow(/--port/);
  });
});
