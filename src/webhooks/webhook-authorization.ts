import { createHash, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../util/secret.ts';

/** A Pax8 account (`pax8.instances[].name`) and the `authorization` value its webhooks carry. */
export interface WebhookAccount {
  readonly account: string;
  readonly authorization: Secret;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The account whose configured value the `Authorization` header carries, or undefined. Pax8 sends
 * the static value the partner chose when creating the webhook (`CreateWebhook.authorization`, not
 * an HMAC), so this is a shared-secret check: every account's value is compared, in constant time
 * over equal-length digests, so neither the answer's timing nor an early exit says how much of a
 * guess was right, or which account it was close to.
 */
export function accountForAuthorization(header: string | undefined, accounts: readonly WebhookAccount[]): string | undefined {
  const given = digest(header ?? '');
  let found: string | undefined;
  for (const a of accounts) {
    const expected = a.authorization.reveal();
    const same = timingSafeEqual(given, digest(expected));
    if (same && header !== undefined && expected !== '' && found === undefined) found = a.account;
  }
  return found;
}
