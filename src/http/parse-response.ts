import type { z } from 'zod';

/** Where an answer's body went wrong: the zod path of the first failing field and what was wrong. */
export interface BodyProblem {
  readonly path: string;
  readonly issue: string;
  readonly cause?: unknown;
}

/**
 * Reads a 2xx body with its schema (STYLE "Parse, don't cast"). Text that is not JSON, or JSON of
 * the wrong shape, is handed to `invalid`, which makes the client's own schema error (naming the
 * call, and whether a write had already been applied).
 */
export function parseResponse<S extends z.ZodType>(schema: S, text: string, invalid: (problem: BodyProblem) => Error): z.output<S> {
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw invalid({ path: '', issue: 'body is not JSON' });
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalid({ path: issue?.path.map(String).join('.') ?? '', issue: issue?.message ?? 'invalid', cause: parsed.error });
}
