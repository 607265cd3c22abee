import { randomBytes } from 'node:crypto';

/** Pax8 access tokens live 24 hours (`expires_in: 86400`). */
export const TOKEN_LIFETIME_MS = 86_400_000;

/**
 * Bearer tokens issued by `POST /v1/token`, each bound to the client id (partner account) it was
 * issued to and valid for 24 h on the sandbox clock, so a test can advance the clock 25 h and see
 * the client refresh its token after a 401.
 */
export function createTokenStore(nowMs: () => number) {
  const tokens = new Map<string, { clientId: string; expiresAt: number }>();
  return {
    issue(clientId: string): { token: string; expiresAt: number } {
      const token = `sbx_${randomBytes(24).toString('base64url')}`;
      const expiresAt = nowMs() + TOKEN_LIFETIME_MS;
      tokens.set(token, { clientId, expiresAt });
      return { token, expiresAt };
    },
    /** Every token issued so far, expired ones included (tests look for them in logs). */
    issued(): string[] {
      return [...tokens.keys()];
    },
    /** The client id the token was issued to, while it is valid; undefined for an unknown or expired one. */
    clientIdOf(token: string): string | undefined {
      const entry = tokens.get(token);
      return entry !== undefined && nowMs() < entry.expiresAt ? entry.clientId : undefined;
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
