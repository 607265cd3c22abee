/**
 * The door in front of Bolt's `HTTPReceiver` at /slack/events. Bolt trusts a signed body's shape: a
 * signed `payload=null` made its receiver throw outside any handler (the process ended), and a
 * `view_submission` without a `view` failed with a 500. Bolt also refuses only timestamps from the
 * past, so a request signed for later could be replayed until then. Every POST is read here first
 * and refused unless it is
 *
 * 1. signed with the signing secret and stamped within five minutes of now, in either direction
 *    (401, as Bolt answers; Slack's unsigned `ssl_check` excepted, as in Bolt); then
 * 2. shaped like a `/pax8` command, a click on one of our buttons, the submission of one of our
 *    modals or the url_verification challenge, read the way Bolt reads it (400 and a short reason).
 *
 * The signature is checked before the shape, so an unsigned request learns nothing about what
 * would be accepted. A refusal is one warning in the log, without the body. A request let through
 * reaches Bolt with the body already read (`rawBody`, which Bolt uses instead of the stream), and
 * Bolt verifies the signature again as before.
 *
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { defaultBodyLimit, verifySlackRequest } from '@slack/bolt';
import type { z } from 'zod';
import { BodyTooLargeError, readBodyText } from '../../http/read-body-text.ts';
import type { Logger } from '../../log.ts';
import { firstProblem, interactionPayloadSchema, slackJsonBodySchema, slashCommandSchema, sslCheckSchema } from './slack-payloads.ts';

export interface SlackRequestGuardOptions {
  /** The path Bolt serves; other paths and methods go straight to Bolt, which refuses them. */
  readonly path: string;
  readonly signingSecret: string;
  /** Off only with `DANGEROUSLY_SKIP_SLACK_VERIFICATION`: the shape is checked all the same. */
  readonly verifySignatures: boolean;
  readonly log: Logger;
  /** Epoch milliseconds; the signature's clock is real time, whatever clock the rest of the bot follows. */
  readonly now?: () => number;
}

/** How far a request's `x-slack-request-timestamp` may be from now, either way (Slack's advice). */
export const maxClockSkewSeconds = 5 * 60;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
/** Why a request is refused: `reason` goes to the log, and to the sender only for a signed request (400). */
type Refusal = { readonly status: 400 | 401 | 413; readonly reason: string };

const answers: Record<Refusal['status'], (reason: string) => string> = {
  400: (reason) => `Bad Slack request: ${reason}\n`,
  401: () => 'Slack request not verified\n',
  413: () => 'Slack request body too large\n',
};

const formType = 'application/x-www-form-urlencoded';

/** Wraps Bolt's request listener; see the module comment. */
export function guardSlackRequests(listener: Listener, options: SlackRequestGuardOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const now = options.now ?? Date.now;
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || path !== options.path) return listener(req, res);
    const read = await readBody(req);
    if ('status' in read) return refuse(res, read, options.log);
    const secret = options.verifySignatures ? options.signingSecret : undefined;
    const refusal = checkSignature(req, read.text, secret, now()) ?? checkShape(req.headers['content-type'], read.text);
    if (refusal) return refuse(res, refusal, options.log);
    // Bolt reads `rawBody` instead of the stream already consumed, and verifies the same text.
    Object.assign(req, { rawBody: Buffer.from(read.text, 'utf8') });
    listener(req, res);
  };
}

function refuse(res: ServerResponse, refusal: Refusal, log: Logger): void {
  log.warn({ platform: 'slack', status: refusal.status, reason: refusal.reason }, 'refused a Slack request');
  res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(answers[refusal.status](refusal.reason));
}

async function readBody(req: IncomingMessage): Promise<{ text: string } | Refusal> {
  try {
    return { text: await readBodyText(req, defaultBodyLimit) };
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { status: 413, reason: `body larger than ${defaultBodyLimit} bytes` };
    return { status: 400, reason: 'the body could not be read' };
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Slack's unsigned certificate check, recognised as Bolt recognises it (Bolt then drops any other field). */
function isSslCheck(contentType: string | undefined, text: string): boolean {
  return contentType === formType && parseQuery(text)['ssl_check'] === '1';
}

function checkSignature(req: IncomingMessage, text: string, secret: string | undefined, nowMs: number): Refusal | undefined {
  if (secret === undefined || isSslCheck(req.headers['content-type'], text)) return undefined;
  const refused = (why: string): Refusal => ({ status: 401, reason: why });
  const stamp = Number(header(req, 'x-slack-request-timestamp') ?? Number.NaN);
  const signature = header(req, 'x-slack-signature');
  if (!Number.isInteger(stamp) || signature === undefined) return refused('no signature or timestamp');
  if (Math.abs(Math.floor(nowMs / 1000) - stamp) > maxClockSkewSeconds) return refused('timestamp more than 5 minutes from now');
  try {
    verifySlackRequest({ signingSecret: secret, body: text, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': stamp }, nowMilliseconds: nowMs });
    return undefined;
  } catch {
    return refused('signature mismatch');
  }
}

/**
 * The body as Bolt reads it (`parseHTTPRequestBody`): a form when the content type is exactly the
 * form type, with its `payload` field as JSON when there is one field of that name; JSON otherwise.
 */
function checkShape(contentType: string | undefined, text: string): Refusal | undefined {
  try {
    if (contentType !== formType) return problem(slackJsonBodySchema.safeParse(JSON.parse(text)), 'body');
    const form = parseQuery(text);
    const payload = form['payload'];
    if (typeof payload === 'string') return problem(interactionPayloadSchema.safeParse(JSON.parse(payload)), 'payload');
    if (payload !== undefined) return { status: 400, reason: 'payload sent more than once' };
    return problem(('ssl_check' in form ? sslCheckSchema : slashCommandSchema).safeParse(form), 'form');
  } catch {
    return { status: 400, reason: contentType === formType ? 'payload is not JSON' : 'body is not JSON' };
  }
}

/** A parse's first problem as a 400 refusal. */
function problem(result: z.ZodSafeParseResult<unknown>, where: string): Refusal | undefined {
  const reason = firstProblem(result, where);
  return reason === undefined ? undefined : { status: 400, reason };
}
