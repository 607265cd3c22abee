import { randomBytes } from 'node:crypto';

/** Pax8 access tokens live 24 hours (`expires_in: 86400`). */
export const TOKEN_LIFETIME_MS = 86_400_000;

/**
 * Bearer tokens issued by `POST /v1/token`, valid for 24 h on the sandbox clock, so a test can
 * advance the clock 25 h and see the client refresh its token after a 401.
 */
export function createTokenStore(nowMs: () => number) {
  const tokens = new Map<string, number>();
  return {
    issue(): { token: string; expiresAt: number } {
      const token = `sbx_${randomBytes(24).toString('base64url')}`;
      const expiresAt = nowMs() + TOKEN_LIFETIME_MS;
      tokens.set(token, expiresAt);
      return { token, expiresAt };
    },
    isValid(token: string): boolean {
      const expiresAt = tokens.get(token);
      return expiresAt !== undefined && nowMs() < expiresAt;
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
