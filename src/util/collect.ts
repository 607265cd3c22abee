/**
 * Gathers an `AsyncIterable` (a Pax8 list, a tenant's Graph users) into an array, stopping at `max`
 * items when given (so a chat answer never loads 20,000 subscriptions to show ten); stopping early
 * stops the fetching.
 */
export async function collect<T>(items: AsyncIterable<T>, options: { max?: number } = {}): Promise<T[]> {
  const out: T[] = [];
  if (options.max !== undefined && options.max <= 0) return out;
  for await (const item of items) {
    out.push(item);
    if (options.max !== undefined && out.length >= options.max) break;
  }
  return out;
}
