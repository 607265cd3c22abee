import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, readBodyText } from '../../http/read-body-text.ts';
import { ApiError } from './api-error.ts';

const LIMIT = 1_048_576;

/** Reads the request body as text; more than 1 MiB is refused with 413 rather than buffered. */
export async function readBody(req: IncomingMessage): Promise<string> {
  try {
    return await readBodyText(req, LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new ApiError(413, 'Request body too large');
    throw error;
  }
}

/** Parses a JSON body; empty is `undefined`, malformed is Pax8's 400. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'Malformed JSON request body', [{ message: 'JSON parse error: the request body is not valid JSON' }]);
  }
}
