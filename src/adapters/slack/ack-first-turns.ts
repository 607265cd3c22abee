/**
 * Slack gives an HTTP request 3 seconds to be acknowledged, and bare Bolt acknowledges a burst of
 * commands in a few milliseconds each. The bot then has real work per command (the intent, card
 * rendering at a few milliseconds of CPU, the answer's HTTP call); done as soon as each ack is
 * sent, that work sits between the acks still waiting in the same burst. So the work after an ack
 * is handed out in turns: one caller per event-loop turn, in order, each after a poll phase (new
 * requests are read and acknowledged first), and none while a Slack request is still waiting for
 * its response. A request Bolt never acknowledges is answered by Bolt after about 3 seconds
 * (`unhandledRequestTimeoutMillis`), so the turns never wait longer than that.
 *
 * @see https://api.slack.com/interactivity/slash-commands#responding_to_commands
 * @see https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick#setimmediate-vs-settimeout
 */
import type { ServerResponse } from 'node:http';

export interface AckFirstTurns {
  /** Resolves in a later event-loop turn in which no Slack request waits for its ack; one caller per turn, in order. */
  next(): Promise<void>;
  /** Counts a Slack request as waiting until its response is sent (or its connection is gone). */
  track(res: ServerResponse): void;
}

/**
 * Under a steady stream of commands some request is always waiting for its ack; work that has waited
 * this long takes its turn anyway, so answers are late under load but never starved.
 */
export const maxTurnWaitMs = 1_000;

export function createAckFirstTurns(options: { maxWaitMs?: number } = {}): AckFirstTurns {
  const maxWaitMs = options.maxWaitMs ?? maxTurnWaitMs;
  const queue: { resolve: () => void; since: number }[] = [];
  let waitingForAck = 0;
  let scheduled = false;
  let overdueTimer: NodeJS.Timeout | undefined;

  const overdue = () => queue.length > 0 && performance.now() - (queue[0]?.since ?? 0) >= maxWaitMs;

  function schedule(): void {
    if (scheduled || queue.length === 0) return;
    if (waitingForAck > 0 && !overdue()) {
      overdueTimer ??= setTimeout(() => {
        overdueTimer = undefined;
        schedule();
      }, maxWaitMs).unref();
      return;
    }
    scheduled = true;
    setImmediate(pump);
  }

  function pump(): void {
    scheduled = false;
    // A request is being acknowledged: the last one to finish schedules the next turn.
    if (waitingForAck > 0 && !overdue()) return schedule();
    queue.shift()?.resolve();
    schedule();
  }

  return {
    next: () =>
      new Promise<void>((resolve) => {
        queue.push({ resolve, since: performance.now() });
        schedule();
      }),
    track(res) {
      waitingForAck += 1;
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        waitingForAck -= 1;
        schedule();
      };
      res.once('finish', settle);
      res.once('close', settle);
    },
  };
}
