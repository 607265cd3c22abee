import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, redact } from '../src/errors.ts';
import { createLogger } from '../src/log.ts';

describe('redact', () => {
  it.each([
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', 'eyJhbGciOiJIUzI1NiJ9'],
    ['{"client_secret":"abc123secret","client_id":"x"}', 'abc123secret'],
    ['client_secret=abc123secret&grant_type=client_credentials', 'abc123secret'],
    ['token xoxb-1234-5678-abcdef rejected', 'xoxb-1234-5678-abcdef'],
    ['socket xapp-1-A02-123-abc failed', 'xapp-1-A02-123-abc'],
    ['password: hunter22', 'hunter22'],
  ])('removes the credential from %j', (text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('leaves ordinary text alone', () => {
    expect(redact('Company Not Found: 3f1b')).toBe('Company Not Found: 3f1b');
  });

  it('is applied to every error message', () => {
    expect(new InvalidInputError('bad header Bearer abcdefghijkl').message).toBe('bad header Bearer [redacted]');
  });
});

describe('createLogger', () => {
  it('censors secret-looking fields', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger({ destination: sink });
    log.info({ request: { headers: { authorization: 'Bearer top-secret-token' } }, creds: { clientSecret: 'shh-value' } }, 'call');
    const out = lines.join('');
    expect(out).toContain('"msg":"call"');
    expect(out).not.toContain('top-secret-token');
    expect(out).not.toContain('shh-value');
  });
});
