import { ZodError } from 'zod';
import { InvalidInputError } from '../errors.ts';

/**
 * Builds a request body (or checks a caller's argument) with its strict schema; a mistake becomes
 * `InvalidInputError` listing every problem by path, before anything is sent. zod's messages name
 * the rule broken, never the value, so a password that is too short does not end up in the error.
 */
export function strictBody<T>(what: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ZodError) {
      throw new InvalidInputError(
        `invalid ${what}`,
        error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`),
        { cause: error },
      );
    }
    throw error;
  }
}
