import { z } from 'zod';

/**
 * What `POST /token` sends back: `{access_token, expires_in: 86400, token_type: "Bearer"}`, sometimes
 * with `scope` or `expires_at` (WIRE-NOTES "Authentication").
 */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  token_type: z.string().nullish(),
  scope: z.string().nullish(),
  expires_at: z.union([z.string(), z.number()]).nullish(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** The client-credentials request body, strict: exactly what the token endpoint documents. */
export const tokenRequestSchema = z.strictObject({
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  audience: z.string().min(1),
  grant_type: z.literal('client_credentials'),
});
export type TokenRequest = z.infer<typeof tokenRequestSchema>;
