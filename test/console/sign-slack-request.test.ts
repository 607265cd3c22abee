import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from '../../src/console/loopback-only.ts';
import { signSlackRequest } from '../../src/console/sign-slack-request.ts';

const samples = new URL('../reference/samples/slack/', import.meta.url);

describe('signSlackRequest', () => {
  it("reproduces the signature of Slack's documented example", () => {
    const sample = JSON.parse(readFileSync(new URL('slash-command.signature.json', samples), 'utf8')) as {
      signing_secret: string;
      headers: Record<string, string>;
    };
    const body = readFileSync(new URL('slash-command.body.txt', samples), 'utf8').trimEnd();
    const headers = signSlackRequest(sample.signing_secret, body, Number(sample.headers['X-Slack-Request-Timestamp']));
    expect(headers).toEqual({
      'x-slack-request-timestamp': sample.headers['X-Slack-Request-Timestamp'],
      'x-slack-signature': sample.headers['X-Slack-Signature'],
    });
  });

  it('changes with the body, the time and the secret', () => {
    const base = signSlackRequest('secret', 'a=1', 1_700_000_000)['x-slack-signature'];
    expect(signSlackRequest('secret', 'a=2', 1_700_000_000)['x-slack-signature']).not.toBe(base);
    expect(signSlackRequest('secret', 'a=1', 1_700_000_001)['x-slack-signature']).not.toBe(base);
    expect(signSlackRequest('other', 'a=1', 1_700_000_000)['x-slack-signature']).not.toBe(base);
    expect(signSlackRequest('secret', 'a=1', 1_700_000_000.9)['x-slack-request-timestamp']).toBe('1700000000');
  });
});

describe('isLoopbackAddress', () => {
  it('accepts this machine only', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ['10.0.0.5', '192.168.1.10', '::ffff:10.0.0.5', 'fe80::1', '', undefined]) expect(isLoopbackAddress(address)).toBe(false);
  });
});
