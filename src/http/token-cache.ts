import type { Clock } from '../util/clock.ts';

/** Hands out bearer tokens for one principal (a Pax8 account, an app in one customer tenant). */
export interface TokenSource {
  /** A valid token: the cached one, or a fresh one (one fetch shared by all concurrent callers). */
  get(): Promise<string>;
  /** Forgets `token` after the API refused it (401), unless a newer one already replaced it. */
  invalidate(token: string): void;
}

/** A token as the token endpoint issued it. */
export interface IssuedToken {
  readonly token: string;
  readonly expiresInSeconds: number;
}

/**
 * Caches the token `fetch` issues and replaces it before it expires: at `expires_in` minus a tenth
 * of its life, capped at one hour (23 h of a 24 h Pax8 token, 54 min of a 1 h Entra token), so a
 * request never leaves with a token about to die. Concurrent callers share one fetch; a failed
 * fetch is not cached, so the next caller tries again.
 */
export function createTokenCache(clock: Clock, fetch: () => Promise<IssuedToken>): TokenSource {
  let cached: { token: string; refreshAtMs: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function refresh(): Promise<string> {
    const issued = await fetch();
    const lifetimeMs = issued.expiresInSeconds * 1000;
    const marginMs = Math.min(3_600_000, lifetimeMs / 10);
    cached = { token: issued.token, refreshAtMs: clock.now().getTime() + lifetimeMs - marginMs };
    return issued.token;
  }

  return {
    get() {
      if (cached && clock.now().getTime() < cached.refreshAtMs) return Promise.resolve(cached.token);
      inFlight ??= refresh().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
