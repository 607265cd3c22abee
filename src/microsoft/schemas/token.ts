import { z } from 'zod';

/**
 * The client-credentials request to `{login}/{tenant}/oauth2/v2.0/token`, strict: exactly what the
 * Microsoft identity platform documents for app-only access, sent form-urlencoded.
 */
export const tokenRequestSchema = z.strictObject({
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  scope: z.literal('https://graph.microsoft.com/.default'),
  grant_type: z.literal('client_credentials'),
});
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

/** The token answer: `{token_type: "Bearer", expires_in: 3599, ext_expires_in, access_token}`. */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  token_type: z.string().nullish(),
});

/**
 * `GET {login}/{domain or id}/v2.0/.well-known/openid-configuration`; `issuer` is
 * `https://login.microsoftonline.com/{tenantId}/v2.0`.
 */
export const openIdConfigurationSchema = z.object({
  issuer: z.string().min(1),
  token_endpoint: z.string().nullish(),
});
