import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, readBodyText } from '../../http/read-body-text.ts';

/** Bot Framework activities are small; Teams caps a message at about 28 KB. Anything far larger is refused unread. */
export const maxActivityBytes = 256 * 1024;

/** Why a request body could not become an activity, as the HTTP status to answer with. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/**
 * Reads and JSON-parses a request body, refusing more than `limit` bytes: botbuilder takes activities
 * parsed already (it relies on express or restify middleware for that); the bot's server is plain
 * `node:http`, so this is that middleware.
 */
export async function readJsonBody(req: IncomingMessage, limit = maxActivityBytes): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readBodyText(req, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new BodyError(413, 'activity too large');
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BodyError(400, 'body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BodyError(400, 'body is not a JSON object');
  return parsed as Record<string, unknown>;
}
