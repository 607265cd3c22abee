import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/sandbox/index.ts';

const bin = fileURLToPath(new URL('../src/bin.mjs', import.meta.url));

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 45_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('pax8-chatops CLI', () => {
  it('prints usage for help', async () => {
    const { code, stdout } = await run(['help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npx pax8-chatops <command>');
    expect(stdout).toContain('sandbox');
  });

  it('names an unknown command and shows the usage, with exit code 2', async () => {
    const { code, stderr } = await run(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown command "frobnicate"');
    expect(stderr).toContain('Commands:');
  });
});

describe('pax8-chatops slack-manifest', () => {
  it('prints the manifest with the request URLs filled in', async () => {
    const { code, stdout } = await run(['slack-manifest', '--url', 'https://bot.msp.example', '--json']);
    expect(code).toBe(0);
    const manifest = JSON.parse(stdout) as { settings: { interactivity: { request_url: string } } };
    expect(manifest.settings.interactivity.request_url).toBe('https://bot.msp.example/slack/events');
  });

  it('prints YAML by default', async () => {
    const { code, stdout } = await run(['slack-manifest', '--url', 'https://bot.msp.example']);
    expect(code).toBe(0);
    expect(stdout).toContain('request_url: https://bot.msp.example/slack/events');
  });

  it('explains a missing URL and an unknown flag, with exit code 2', async () => {
    const missing = await run(['slack-manifest']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--url https://bot.example.com');
    const unknown = await run(['slack-manifest', '--uri', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--uri'");
  });
});

describe('pax8-chatops sandbox', () => {
  it('serves the Pax8 API until it is stopped', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [bin, 'sandbox', '--port', '0', '--companies', '5', '--seed', '7'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const baseUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/\S+\/v1)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
      });
      const token = await fetch(`${baseUrl}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: 'sandbox', client_secret: 'sandbox', audience: 'https://api.pax8.com', grant_type: 'client_credentials' }),
      });
      const { access_token } = (await token.json()) as { access_token: string };
      const companies = await fetch(`${baseUrl}/companies?size=50`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(companies.status).toBe(200);
      expect(((await companies.json()) as { page: { totalElements: number } }).page.totalElements).toBe(5);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
  });

  it('refuses a bad flag with a helpful message', async () => {
    const { code, stderr } = await run(['sandbox', '--companies', 'many']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/companies/);
  });
});

describe('pax8-chatops check', () => {
  it('reaches Pax8 with the given credentials and the database, and fails with exit 1 on a refused secret', async () => {
    const sandbox = await startSandbox({ port: 0, companies: 3 });
    try {
      const env = { PAX8_CLIENT_ID: 'sandbox', PAX8_BASE_URL: sandbox.baseUrl, PAX8_TOKEN_URL: sandbox.tokenUrl, DATA_DIR: mkdtempSync(join(tmpdir(), 'check-')) };
      const good = await run(['check'], { ...env, PAX8_CLIENT_SECRET: 'sandbox' });
      expect(good.code).toBe(0);
      expect(good.stdout).toMatch(/^ok {4}Pax8 default +token accepted .*; 3 companies/m);
      expect(good.stdout).toMatch(/^ok {4}database +embedded PGlite/m);
      const bad = await run(['check'], { ...env, PAX8_CLIENT_SECRET: 'not-the-secret' });
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/^FAIL {2}Pax8 default +.*401/m);
      expect(bad.stdout + bad.stderr).not.toContain('not-the-secret');
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it('reports every configuration problem at once, with exit code 2', async () => {
    const { code, stderr } = await run(['check'], { PORT: 'eighty', PAX8_CLIENT_ID: 'only-the-id' });
    expect(code).toBe(2);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('PAX8_CLIENT_SECRET');
  });
});

describe('pax8-chatops check, Microsoft 365 tenants', () => {
  it('reports each linked tenant: token OK, consent missing with the URL, permission missing; one tenant does not fail the run', async () => {
    const sandbox = await startSandbox({ port: 0, companies: 30, seed: 7 });
    try {
      const tenants = ((await (await fetch(`${sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: { tenantId: string; defaultDomain: string; companyId: string }[] }).tenants;
      const [good, readOnly, unconsented] = [tenants[0], tenants.at(-2), tenants.at(-1)];
      if (!good || !readOnly || !unconsented) throw new Error('the sandbox seeded too few tenants');
      const dir = mkdtempSync(join(tmpdir(), 'check-ms-'));
      const configFile = join(dir, 'pax8-chatops.yaml');
      writeFileSync(
        configFile,
        'microsoft:\n  tenants:\n' +
          `    - { company: "Good Co", tenant: ${good.defaultDomain} }\n` +
          `    - { company: "Read Only Co", tenant: ${readOnly.tenantId} }\n` +
          `    - { company: "Unconsented Co", tenant: ${unconsented.tenantId} }\n`,
      );
      const env = {
        PAX8_CLIENT_ID: 'sandbox', PAX8_CLIENT_SECRET: 'sandbox', PAX8_BASE_URL: sandbox.baseUrl, PAX8_TOKEN_URL: sandbox.tokenUrl, DATA_DIR: dir, CONFIG_FILE: configFile,
        MICROSOFT_CLIENT_ID: sandbox.microsoft.clientId, MICROSOFT_LOGIN_URL: sandbox.microsoft.loginUrl, GRAPH_BASE_URL: sandbox.microsoft.graphBaseUrl,
      };
      const run1 = await run(['check'], { ...env, MICROSOFT_CLIENT_SECRET: sandbox.microsoft.clientSecret });
      expect(run1.code, run1.stdout + run1.stderr).toBe(0);
      expect(run1.stdout).toMatch(new RegExp(`^ok {4}Microsoft 365 Good Co +tenant ${good.tenantId} \\(${good.defaultDomain.replaceAll('.', '\\.')}\\): token OK`, 'm'));
      expect(run1.stdout).toMatch(/^warn {2}Microsoft 365 Read Only Co +.*permission missing, the app lacks User\.ReadWrite\.All, LicenseAssignment\.ReadWrite\.All, User\.RevokeSessions\.All/m);
      expect(run1.stdout).toMatch(new RegExp(`^warn {2}Microsoft 365 Unconsented Co +.*consent missing, .* at http://\\S+/login/${unconsented.tenantId}/adminconsent\\?client_id=sandbox`, 'm'));
      // A refused secret is everyone's problem: each tenant fails, and so does the run, without the secret in sight.
      const run2 = await run(['check'], { ...env, MICROSOFT_CLIENT_SECRET: 'not-the-secret' });
      expect(run2.code).toBe(1);
      expect(run2.stdout).toMatch(/^FAIL {2}Microsoft 365 Good Co +.*client secret/m);
      expect(run2.stdout + run2.stderr).not.toContain('not-the-secret');
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
