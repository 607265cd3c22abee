import { z } from 'zod';
import { accountByClientId, type SandboxRuntime } from '../sandbox-runtime.ts';
import { TOKEN_LIFETIME_MS } from '../token-store.ts';

const tokenRequestSchema = z.object({
  client_id: z.string(),
  client_secret: z.string(),
  audience: z.string(),
  grant_type: z.string(),
});

const denied = { status: 401, body: { error: 'access_denied', error_description: 'Unauthorized' } };

function parseTokenBody(text: string, contentType: string): unknown {
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The `client_id` a token request names, if its body can be read: which account it is for. */
export function tokenRequestClientId(text: string, contentType: string): string | undefined {
  const parsed = tokenRequestSchema.pick({ client_id: true }).safeParse(parseTokenBody(text, contentType));
  return parsed.success ? parsed.data.client_id : undefined;
}

/**
 * `POST /v1/token` (client credentials, JSON or form-encoded): the token is bound to the account of
 * `client_id`. An unknown client id, a wrong secret or audience is Pax8's 401
 * `{"error":"access_denied","error_description":"Unauthorized"}`.
 */
export function handleToken(rt: SandboxRuntime, text: string, contentType: string): { status: number; body: unknown } {
  const parsed = tokenRequestSchema.safeParse(parseTokenBody(text, contentType));
  if (!parsed.success) {
    return { status: 400, body: { error: 'invalid_request', error_description: 'client_id, client_secret, audience and grant_type are required' } };
  }
  const { client_id, client_secret, audience, grant_type } = parsed.data;
  if (grant_type !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${grant_type}` } };
  const account = accountByClientId(rt, client_id);
  if (account === undefined || client_secret !== rt.clientSecret || audience !== rt.audience) return denied;
  const { token } = rt.tokens.issue(account.clientId);
  return { status: 200, body: { access_token: token, expires_in: TOKEN_LIFETIME_MS / 1000, token_type: 'Bearer' } };
}
