import type { Activity } from 'botbuilder';
import { z } from 'zod';

/** Ids Teams sends are far shorter; a longer one could not even be put in the Bot Connector URL of the reply. */
const maxIdLength = 1_000;
/**
 * Teams ids (`29:…`, `19:…@thread.tacv2;messageid=…`, `a:…`) are printable ASCII; botbuilder puts
 * the conversation id in a request header and URL of every reply, where a control character throws.
 */
const id = z.string().min(1).max(maxIdLength).regex(/^[\x20-\x7e]+$/, 'expected printable ASCII');
const text = z.string().optional();
const account = z.looseObject({ id, name: text, aadObjectId: text, role: text });

/** botbuilder reads every entity's `type`, and of a mention the `mentioned.id` and the `text` to cut out. */
const entity = z.looseObject({ type: z.string(), text, mentioned: account.optional() }).refine(
  (e) => e.type.toLowerCase() !== 'mention' || (e.mentioned !== undefined && typeof e.text === 'string'),
  'a mention needs mentioned and text',
);

/**
 * The parts of an incoming activity that botbuilder and the bot read, with the types the Bot
 * Framework schema gives them. Everything else passes through unread. botbuilder trusts the body:
 * a `conversation.conversationType` of `false` or a `from` that is a list only fails when the reply
 * is serialized or a mention is removed, as a 500 that names botbuilder's internals.
 *
 * @see https://github.com/microsoft/botframework-sdk/blob/main/specs/botframework-activity/botframework-activity.md
 */
const inboundActivitySchema = z.looseObject({
  type: z.string().min(1),
  id: id.optional(),
  serviceUrl: z.string().min(1).max(maxIdLength),
  channelId: text,
  name: text,
  text,
  textFormat: text,
  locale: text,
  replyToId: id.optional(),
  timestamp: text,
  localTimestamp: text,
  from: account,
  recipient: account,
  conversation: z.looseObject({ id, name: text, conversationType: text, tenantId: text, isGroup: z.boolean().optional() }),
  entities: z.array(entity).optional(),
  attachments: z.array(z.looseObject({ contentType: text, contentUrl: text, name: text })).optional(),
  channelData: z.looseObject({ tenant: z.looseObject({ id: text }).optional() }).optional(),
});

export type InboundActivityCheck = { readonly ok: true } | { readonly ok: false; readonly problem: string };

/**
 * Whether a parsed request body is an activity the bot can take. The problem names the first field
 * that is wrong (`conversation.conversationType: expected string`), for a 400 the sender can act on.
 * A NUL character or half a surrogate pair anywhere is refused too: no Teams client sends either,
 * and PostgreSQL can keep them in neither text nor JSON, so the conversation reference of such an
 * activity could not be saved.
 */
export function checkInboundActivity(body: Record<string, unknown>): InboundActivityCheck {
  const parsed = inboundActivitySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: issue ? `${issue.path.join('.') || 'activity'}: ${issue.message}` : 'not an activity' };
  }
  const at = pathOfUnstorable(body);
  return at === undefined ? { ok: true } : { ok: false, problem: `${at}: contains a NUL character or half a surrogate pair` };
}

/**
 * Makes a parsed body the activity botbuilder's turn expects, in place (it stays the object whose
 * token was checked): `timestamp`, `localTimestamp` and `expiration` as dates, their text kept as
 * `rawTimestamp`… (what `CloudAdapter.process` does before a turn). A date field that is not text is
 * left as it is; text that is not a date becomes an invalid `Date`, as botbuilder makes it.
 */
export function withActivityDates(activity: Record<string, unknown>): Activity {
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    const value = activity[field];
    if (typeof value !== 'string') continue;
    activity[raw] = value;
    activity[field] = new Date(value);
  }
  return activity as Partial<Activity> as Activity;
}

/** Whether `text` holds U+0000 or a surrogate that is not part of a pair. */
const unstorable = (text: string): boolean => text.includes('\u0000') || /\p{Cs}/u.test(text);

/** The path of the first string (or key) in `value` with a character PostgreSQL cannot keep (`from.name`, `entities.0.text`). */
function pathOfUnstorable(value: unknown): string | undefined {
  const keys = keysToUnstorable(value);
  return keys === undefined ? undefined : keys.length === 0 ? 'activity' : keys.join('.');
}

/** The keys leading to the first unstorable string or key; the path is built only when there is one (every activity is walked). */
function keysToUnstorable(value: unknown): string[] | undefined {
  if (typeof value === 'string') return unstorable(value) ? [] : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (unstorable(key)) return [key];
    const inner = keysToUnstorable(record[key]);
    if (inner !== undefined) return [key, ...inner];
  }
  return undefined;
}
