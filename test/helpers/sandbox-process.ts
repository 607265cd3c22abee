import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SandboxAddress } from '../../src/sandbox/index.ts';

const bin = fileURLToPath(new URL('../../src/bin.mjs', import.meta.url));

/**
 * Runs `npx pax8-chatops sandbox` in its own process, as the real Pax8 runs on its own servers: a
 * benchmark then measures the bot's side, not the sandbox's work on the same event loop.
 */
export async function startSandboxProcess(args: readonly string[]): Promise<SandboxAddress> {
  const child = spawn(process.execPath, [bin, 'sandbox', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)\/v1/.exec(out);
      if (match?.[1]) resolve(`${match[1]}/v1`);
    });
    child.once('exit', (code) => reject(new Error(`the sandbox process exited with code ${code}: ${out}`)));
  });
  const url = baseUrl.replace(/\/v1$/, '');
  return {
    url,
    baseUrl,
    tokenUrl: `${baseUrl}/token`,
    audience: 'https://api.pax8.com',
    clientId: 'sandbox',
    clientIds: ['sandbox'],
    clientSecret: 'sandbox',
    microsoft: { loginUrl: `${url}/login`, graphBaseUrl: `${url}/graph/v1.0`, clientId: 'sandbox', clientSecret: 'sandbox' },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
