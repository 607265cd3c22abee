import { createHmac, randomBytes } from 'node:crypto';
import type { GraphPermission } from './tenant-model.ts';

/** Entra app-only tokens say `expires_in: 3599` (GRAPH-NOTES): a token lives an hour on the sandbox clock. */
export const GRAPH_TOKEN_LIFETIME_MS = 3_599_000;

/** What a valid token stands for: its tenant, the app and the roles granted when it was issued. */
export interface GraphTokenGrant {
  tenantId: string;
  appId: string;
  roles: readonly GraphPermission[];
  expiresAt: number;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Access tokens of the sandbox's Entra token endpoint, each bound to the tenant it was issued for
 * and carrying the app roles the tenant granted at that moment (as Entra puts `roles` in the token;
 * a changed consent needs a new token). They are JWT-shaped (`tid`, `roles`, `exp`) and signed with
 * a key of this process, but the sandbox trusts only its own list, not the signature.
 */
export function createGraphTokenStore(nowMs: () => number) {
  const key = randomBytes(32);
  const grants = new Map<string, GraphTokenGrant>();
  return {
    issue(tenantId: string, appId: string, roles: readonly GraphPermission[]): { token: string; expiresAt: number } {
      const now = nowMs();
      const expiresAt = now + GRAPH_TOKEN_LIFETIME_MS;
      const claims = {
        aud: 'https://graph.microsoft.com', iss: `https://sts.windows.net/${tenantId}/`, iat: Math.floor(now / 1000), nbf: Math.floor(now / 1000),
        exp: Math.floor(expiresAt / 1000), appid: appId, idtyp: 'app', roles, tid: tenantId, uti: randomBytes(12).toString('base64url'), ver: '1.0',
      };
      const unsigned = `${b64({ typ: 'JWT', alg: 'HS256' })}.${b64(claims)}`;
      const token = `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
      grants.set(token, { tenantId, appId, roles: [...roles], expiresAt });
      return { token, expiresAt };
    },
    /** Every token issued so far, expired ones included (tests look for them in logs). */
    issued(): string[] {
      return [...grants.keys()];
    },
    /** The grant of a token this store issued: `expired` once its hour is over, undefined if unknown. */
    check(token: string): GraphTokenGrant | 'expired' | undefined {
      const grant = grants.get(token);
      if (!grant) return undefined;
      return nowMs() < grant.expiresAt ? grant : 'expired';
    },
  };
}

export type GraphTokenStore = ReturnType<typeof createGraphTokenStore>;
