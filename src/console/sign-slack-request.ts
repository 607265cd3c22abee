import { createHmac } from 'node:crypto';

/** The two headers Slack adds to every request it sends to an app. */
export interface SlackSignatureHeaders {
  readonly 'x-slack-request-timestamp': string;
  readonly 'x-slack-signature': string;
}

/**
 * Signs a request body the way Slack does, so that the console's requests pass the Slack adapter's
 * verification unchanged (verification stays on in console mode): `v0=` + hex HMAC-SHA256 of
 * `v0:{timestamp}:{raw body}` keyed with the signing secret.
 *
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
export function signSlackRequest(signingSecret: string, body: string, timestampSeconds: number): SlackSignatureHeaders {
  const timestamp = String(Math.floor(timestampSeconds));
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': `v0=${digest}` };
}
