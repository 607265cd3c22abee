import { describe, expect, it } from 'vitest';
import { buildUrl } from '../../src/http/build-url.ts';
import { createTokenCache } from '../../src/http/token-cache.ts';
import { describeTransportFailure, isOutcomeUnknown } from '../../src/http/transport-failure.ts';
import { createManualClock } from '../../src/util/clock.ts';

describe('buildUrl', () => {
  it('keeps a UPN, a guest UPN and a slash inside their path segment', () => {
    expect(buildUrl('https://graph.test/v1.0/', '/users/{user}', { user: 'adele.vance@contoso.com' })).toBe('https://graph.test/v1.0/users/adele.vance%40contoso.com');
    expect(buildUrl('https://graph.test/v1.0', '/users/{user}/licenseDetails', { user: 'ann_fabrikam.com#EXT#@contoso.onmicrosoft.com' })).toBe(
      'https://graph.test/v1.0/users/ann_fabrikam.com%23EXT%23%40contoso.onmicrosoft.com/licenseDetails',
    );
    expect(buildUrl('https://x.test', '/a/{id}', { id: '../b' })).toBe('https://x.test/a/..%2Fb');
  });

  it('encodes query values with %20, keeps OData $ names and leaves undefined out', () => {
    const url = buildUrl('https://graph.test/v1.0', '/users', {}, { $filter: "userPrincipalName eq 'o''neil@contoso.com'", $top: 999, $count: undefined, page: 0 });
    expect(url).toBe("https://graph.test/v1.0/users?$filter=userPrincipalName%20eq%20'o''neil%40contoso.com'&$top=999&page=0");
    expect(new URL(url).searchParams.get('$filter')).toBe("userPrincipalName eq 'o''neil@contoso.com'");
  });

  it('refuses a missing or empty path parameter before anything is sent', () => {
    expect(() => buildUrl('https://x.test', '/users/{user}', {})).toThrow(RangeError);
    expect(() => buildUrl('https://x.test', '/users/{user}', { user: '' })).toThrow('missing path parameter user');
  });
});

describe('isOutcomeUnknown', () => {
  const refused = describeTransportFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), undefined);
  const reset = describeTransportFailure(Object.assign(new Error('other side closed'), { name: 'SocketError', code: 'UND_ERR_SOCKET' }), undefined);
  const timeout = describeTransportFailure(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), undefined);

  it('a read is never outcome-unknown', () => {
    expect([isOutcomeUnknown('read', { transport: reset }), isOutcomeUnknown('read', { status: 503 })]).toEqual([false, false]);
  });

  it('a write that may have arrived is: a reset, a timeout, a 5xx; a refused connection or a 4xx/429 is not', () => {
    expect(isOutcomeUnknown('write', { transport: reset })).toBe(true);
    expect(isOutcomeUnknown('write', { transport: timeout })).toBe(true);
    expect(timeout.reason).toBe('timed out');
    expect(isOutcomeUnknown('write', { status: 502 })).toBe(true);
    expect(isOutcomeUnknown('write', { transport: refused })).toBe(false);
    expect(isOutcomeUnknown('write', { status: 400 })).toBe(false);
    expect(isOutcomeUnknown('write', { status: 429 })).toBe(false);
  });
});

describe('createTokenCache', () => {
  it('shares one fetch between concurrent callers, refreshes a 1 h token after 54 min, and drops a refused token', async () => {
    const clock = createManualClock('2025-01-01T00:00:00Z');
    let issued = 0;
    const cache = createTokenCache(clock, async () => {
      issued += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return { token: `t-${issued}`, expiresInSeconds: 3600 };
    });
    expect(new Set(await Promise.all(Array.from({ length: 10 }, () => cache.get())))).toEqual(new Set(['t-1']));
    clock.advance(53 * 60_000);
    expect(await cache.get()).toBe('t-1');
    clock.advance(2 * 60_000);
    expect(await cache.get()).toBe('t-2');
    cache.invalidate('t-1');
    expect(await cache.get()).toBe('t-2');
    cache.invalidate('t-2');
    expect(await cache.get()).toBe('t-3');
  });

  it('does not cache a failed fetch', async () => {
    let calls = 0;
    const cache = createTokenCache(createManualClock('2025-01-01T00:00:00Z'), () => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('down')) : Promise.resolve({ token: 'ok', expiresInSeconds: 3600 });
    });
    await expect(cache.get()).rejects.toThrow('down');
    expect(await cache.get()).toBe('ok');
  });
});
