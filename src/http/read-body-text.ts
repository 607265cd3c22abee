import type { IncomingMessage } from 'node:http';

/** The body was larger than the caller allows; nothing past the limit was buffered. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body larger than ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a request body as UTF-8 text, stopping at `limitBytes` so that no client can make the
 * server buffer an unbounded body. A declared `content-length` over the limit is refused before
 * anything is read. Each caller turns {@link BodyTooLargeError} into its own answer (413).
 */
export async function readBodyText(req: IncomingMessage, limitBytes: number): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > limitBytes) throw new BodyTooLargeError(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limitBytes) throw new BodyTooLargeError(limitBytes);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
