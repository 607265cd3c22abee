import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.ts';

const LIMIT = 1_048_576;

/** Reads the request body as text; more than 1 MiB is refused with 413 rather than buffered. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > LIMIT) throw new ApiError(413, 'Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
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
