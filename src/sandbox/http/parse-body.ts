import type { z } from 'zod';
import { ApiError } from './api-error.ts';

/**
 * Validates an inbound JSON body. A missing body is a 400 (malformed request); a body of the wrong
 * shape is a 422 whose details name each offending field, as Pax8's validation errors do.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === undefined) throw new ApiError(400, 'Required request body is missing');
  const result = schema.safeParse(body);
  if (!result.success) {
    const details = result.error.issues.map((issue) => ({ message: `${issue.path.join('.') || 'body'}: ${issue.message}` }));
    throw new ApiError(422, 'Request validation failed', details);
  }
  return result.data;
}
