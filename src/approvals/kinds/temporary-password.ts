import { randomInt } from 'node:crypto';

const lower = 'abcdefghijkmnopqrstuvwxyz';
const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const digits = '23456789';
const symbols = '!#%+-=?@';
const all = lower + upper + digits + symbols;

const pick = (set: string): string => set[randomInt(set.length)] ?? '';

/**
 * A temporary password for a new Microsoft 365 user: 16 characters from the crypto RNG with every
 * class Entra's complexity rule asks for, without look-alikes (l/1, O/0). Sent once, privately, to
 * the requester; never stored, logged or shown anywhere else. The user changes it at first sign-in.
 */
export function temporaryPassword(length = 16): string {
  const chars = [pick(lower), pick(upper), pick(digits), pick(symbols)];
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}
