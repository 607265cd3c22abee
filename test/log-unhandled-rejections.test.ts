import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';
import { logUnhandledRejections } from '../src/log-unhandled-rejections.ts';

describe('logUnhandledRejections', () => {
  it('logs a rejection nothing handled as one error with its stack, and stops when asked', () => {
    const events = new EventEmitter();
    const lines: { level: number; msg: string; err?: { message: string; stack: string } }[] = [];
    const out = new PassThrough();
    out.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as (typeof lines)[number])));
    const stop = logUnhandledRejections(events as unknown as NodeJS.Process, createLogger({ destination: out }));

    events.emit('unhandledRejection', new TypeError("Cannot read properties of null (reading 'ssl_check')"), Promise.resolve());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, err: { message: "Cannot read properties of null (reading 'ssl_check')" } });
    expect(lines[0]?.msg).toMatch(/keeps running/);
    expect(lines[0]?.err?.stack).toContain('TypeError');

    stop();
    expect(events.listenerCount('unhandledRejection')).toBe(0);
  });
});
