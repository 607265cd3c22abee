import { z } from 'zod';
import type { Pax8ErrorBody } from '../errors.ts';

const detailSchema = z.union([z.string(), z.object({ message: z.string().nullish(), type: z.string().nullish() }).loose()]);

/** `{type, message, instance, status, details}`: the usual Pax8 error. */
const problemSchema = z.object({
  type: z.string().nullish(),
  message: z.string().nullish(),
  instance: z.string().nullish(),
  status: z.number().nullish(),
  details: z.array(detailSchema).nullish(),
});
/** `{"errors": ["..."]}`: seen on commitment-restricted subscription changes. */
const flatSchema = z.object({ errors: z.array(detailSchema) });
/** `{error, error_description}`: the token endpoint. */
const oauthSchema = z.object({ error: z.string(), error_description: z.string().nullish() });

function detailText(detail: z.infer<typeof detailSchema>): string {
  return typeof detail === 'string' ? detail : (detail.message ?? detail.type ?? '');
}

/**
 * Reads any of Pax8's three error shapes (WIRE-NOTES "Errors"); `undefined` when the body is none of
 * them (an HTML page from a proxy, an empty body).
 */
export function parsePax8ErrorBody(text: string): Pax8ErrorBody | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const oauth = oauthSchema.safeParse(json);
  if (oauth.success) return withOptional(oauth.data.error, oauth.data.error_description, []);
  const flat = flatSchema.safeParse(json);
  if (flat.success) return withOptional(undefined, undefined, flat.data.errors.map(detailText).filter(Boolean));
  const problem = problemSchema.safeParse(json);
  if (problem.success && (problem.data.type || problem.data.message || problem.data.details)) {
    return withOptional(problem.data.type, problem.data.message, (problem.data.details ?? []).map(detailText).filter(Boolean));
  }
  return undefined;
}

function withOptional(type: string | null | undefined, message: string | null | undefined, details: string[]): Pax8ErrorBody {
  return { ...(type ? { type } : {}), ...(message ? { message } : {}), details };
}
