import { z } from 'zod';

const claimsSchema = z.object({ roles: z.array(z.string()).optional() });

/**
 * The application permissions an Entra access token carries (its `roles` claim), or `undefined` when
 * the token cannot be read as a JWT. Microsoft documents Graph tokens as opaque to clients, so this
 * is only used to say which permissions an admin still has to grant, never to decide a call; the
 * signature is not checked because nothing is trusted on the strength of it.
 */
export function tokenRoles(token: string): string[] | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined || payload === '') return undefined;
  try {
    const parsed = claimsSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? (parsed.data.roles ?? []) : undefined;
  } catch {
    return undefined;
  }
}
