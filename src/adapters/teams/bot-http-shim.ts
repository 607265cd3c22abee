import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'botbuilder';
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
 * Reads and JSON-parses a request body, refusing more than `limit` bytes. `CloudAdapter.process`
 * expects `req.body` parsed already (it relies on express or restify middleware for that); the bot's
 * server is plain `node:http`, so this is that middleware.
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

/** The request shape `CloudAdapter.process` reads: headers, method and the parsed body. */
export function toBotRequest(req: IncomingMessage, body: Record<string, unknown>): Request {
  return { body, headers: req.headers, method: req.method ?? 'GET' };
}

/**
 * The restify/express-like response `CloudAdapter.process` writes to (`status`, `header`, `send`,
 * `end`), over a plain `ServerResponse`. The body is buffered and written once at `end`: an invoke
 * answer is an object and goes out as JSON, an error text as plain text.
 */
export function toBotResponse(res: ServerResponse): Response {
  let body: string | undefined;
  const response: Response = {
    socket: res.socket,
    status(code: unknown) {
      if (typeof code === 'number') res.statusCode = code;
      return response;
    },
    header(name: unknown, value: unknown) {
      if (typeof name === 'string' && (typeof value === 'string' || typeof value === 'number')) res.setHeader(name, value);
      return response;
    },
    send(value: unknown) {
      if (value === undefined || value === null) return response;
      if (typeof value === 'string') {
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
        body = value;
      } else {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        body = JSON.stringify(value);
      }
      return response;
    },
    end() {
      if (!res.writableEnded) res.end(body);
      return response;
    },
  };
  return response;
}
