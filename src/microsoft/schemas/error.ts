import { z } from 'zod';

const innerErrorSchema = z
  .object({
    code: z.string().nullish(),
    'request-id': z.string().nullish(),
    // Throttling nests a further innerError ({"code": "quota"}); only the first level's code is read.
  })
  .loose();

const detailSchema = z.object({ code: z.string().nullish(), message: z.string().nullish(), target: z.string().nullish() }).loose();

/** Graph's error body: `{"error": {"code", "message", "details"?, "innerError"?}}` (GRAPH-NOTES "Errors"). */
const graphErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().nullish(),
    details: z.array(detailSchema).nullish(),
    innerError: innerErrorSchema.nullish(),
  }),
});

/** What Graph said about a failure. */
export interface GraphErrorBody {
  readonly code: string;
  readonly message: string;
  /** `innerError.code`, more precise than `code` where Graph sends it (`throttledRequest`). */
  readonly innerCode: string | undefined;
  /** `details[]` (`{"code": "ObjectConflict", "target": "userPrincipalName"}` on a duplicate UPN). */
  readonly details: readonly { readonly code: string | undefined; readonly target: string | undefined }[];
  readonly requestId: string | undefined;
}

/** Reads Graph's error body; `undefined` when the body is something else (a proxy's HTML page, nothing). */
export function parseGraphErrorBody(text: string): GraphErrorBody | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = graphErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { code, message, details, innerError } = parsed.data.error;
  return {
    code,
    message: message ?? '',
    innerCode: innerError?.code ?? undefined,
    details: (details ?? []).map((detail) => ({ code: detail.code ?? undefined, target: detail.target ?? undefined })),
    requestId: innerError?.['request-id'] ?? undefined,
  };
}

/**
 * The Microsoft identity platform's error body (token endpoint, OpenID configuration):
 * `{"error": "unauthorized_client", "error_description": "AADSTS700016: …", "error_codes": [700016], …}`.
 */
const entraErrorBodySchema = z.object({
  error: z.string(),
  error_description: z.string().nullish(),
  error_codes: z.array(z.number()).nullish(),
});

/** What Entra ID said about a refused request. */
export interface EntraErrorBody {
  readonly error: string;
  readonly description: string;
  /** The AADSTS number (700016, 7000215, 90002 …), from `error_codes` or the description's `AADSTSnnn:` prefix. */
  readonly aadsts: number | undefined;
}

/** Reads Entra's error body; `undefined` when the body is something else. */
export function parseEntraErrorBody(text: string): EntraErrorBody | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = entraErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const description = parsed.data.error_description ?? '';
  const prefixed = /^AADSTS(\d+)\b/.exec(description)?.[1];
  const aadsts = parsed.data.error_codes?.[0] ?? (prefixed === undefined ? undefined : Number(prefixed));
  return { error: parsed.data.error, description, aadsts };
}
