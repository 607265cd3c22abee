import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../src/bin.mjs', import.meta.url));

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
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
