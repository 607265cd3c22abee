import type { z } from 'zod';
import { Pax8SchemaError, type Pax8CallInfo } from './errors.ts';

/**
 * Reads a 2xx body with its schema. Text that is not JSON, or JSON of the wrong shape, becomes
 * {@link Pax8SchemaError} naming the first failing path; `afterWrite` says the change was made.
 */
export function parseResponse<S extends z.ZodType>(call: Pax8CallInfo, schema: S, text: string, afterWrite: boolean): z.output<S> {
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new Pax8SchemaError(call, '', 'body is not JSON', afterWrite);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Pax8SchemaError(call, issue?.path.map(String).join('.') ?? '', issue?.message ?? 'invalid', afterWrite, { cause: parsed.error });
}
