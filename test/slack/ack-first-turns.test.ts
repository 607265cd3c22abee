import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createAckFirstTurns } from '../../src/adapters/slack/ack-first-turns.ts';

/** Just enough of a response for `track`: it emits `finish` when the ack is sent. */
function pendingResponse(): ServerResponse & { ack(): void } {
  const emitter = new EventEmitter();
  return Object.assign(emitter, { ack: () => emitter.emit('finish') }) as unknown as ServerResponse & { ack(): void };
}

describe('ack-first turns', () => {
  it('hands out turns in order, one per event-loop turn, only once no ack is waiting', async () => {
    const turns = createAckFirstTurns();
    const res = pendingResponse();
    turns.track(res);
    const order: number[] = [];
    const done = Promise.all([1, 2, 3].map((n) => turns.next().then(() => order.push(n))));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual([]);
    res.ack();
    await done;
    expect(order).toEqual([1, 2, 3]);
  });

  it('lets work that waited too long go ahead while acks keep arriving, so answers never starve', async () => {
    const turns = createAckFirstTurns({ maxWaitMs: 100 });
    turns.track(pendingResponse());
    const started = performance.now();
    await turns.next();
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });
});
