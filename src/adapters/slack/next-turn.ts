/**
 * Rendering a card (templating + Block Kit translation) takes a few milliseconds of CPU. When many
 * answers arrive at once, rendering them back to back would hold the event loop while new Slack
 * requests wait to be acknowledged. `nextTurn()` hands out one event-loop turn per caller, in order,
 * each after a poll phase, so pending requests are read and acknowledged between two renders.
 */
let tail: Promise<void> = Promise.resolve();

export function nextTurn(): Promise<void> {
  const turn = tail.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  tail = turn;
  return turn;
}
