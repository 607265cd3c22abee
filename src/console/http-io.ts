import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyText } from '../http/read-body-text.ts';

/** Largest request body the console accepts: its own small JSON and the bot's Web API calls. */
const maxBodyBytes = 1_000_000;

/** Reads a request body as text, refusing bodies larger than any the console or the bot sends. */
export function readBody(req: IncomingMessage): Promise<string> {
  return readBodyText(req, maxBodyBytes);
}

/** A response body as the console shows it: parsed when it is JSON, the text otherwise, `undefined` when empty. */
export function parseMaybeJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Sends JSON that no cache keeps: console state changes with every click. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Sends a short plain-text answer (refusals, not found). */
export function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}
