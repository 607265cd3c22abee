import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsoleEvent, ConsoleTranscript } from './console-transcript.ts';

/** How often an idle stream sends a comment, so proxies and the browser keep it open. */
const keepAliveMs = 15_000;

/**
 * Streams console events to one page as Server-Sent Events (`data: {json}` per event), from the
 * moment it connects; the page reads what happened before from the state route. SSE rather than a
 * WebSocket: one direction is all the page needs, and the browser reconnects by itself.
 *
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
export function streamEvents(req: IncomingMessage, res: ServerResponse, transcript: ConsoleTranscript): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write(': console events\n\n');
  const send = (event: ConsoleEvent) => res.write(`data: ${JSON.stringify(event)}\n\n`);
  const unsubscribe = transcript.subscribe(send);
  const timer = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    unsubscribe();
  };
  req.once('close', stop);
  res.once('close', stop);
}
