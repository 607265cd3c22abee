import { z } from 'zod';

/**
 * `digests` in the config file: where and when the scheduled licence digests are posted, and which
 * company/SKU findings nobody wants to hear about. Times are local to the IANA `timezone` given.
 */

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM, e.g. "08:00"');

const timezone = z
  .string()
  .min(1)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'expected an IANA time zone, e.g. Europe/London or America/New_York' },
  );

export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof weekdays)[number];

const weekday = z
  .string()
  .transform((d) => d.trim().toLowerCase())
  .pipe(z.enum(weekdays, { message: `expected a day of the week: ${weekdays.join(', ')}` }));

/** At least one place to post: a digest with neither is configured but goes nowhere. */
const somewhere = (d: { slack?: string | undefined; teams?: string | undefined }) => d.slack !== undefined || d.teams !== undefined;
const somewhereMessage = 'give a Slack channel id (slack: C0…) or a Teams conversation id (teams: "19:…@thread.tacv2"), or both';

export const unusedDigestSchema = z
  .object({
    slack: z.string().min(1).optional(),
    teams: z.string().min(1).optional(),
    at: clockTime.default('08:00'),
    timezone: timezone.default('UTC'),
  })
  .strict()
  .refine(somewhere, { message: somewhereMessage });

export const renewalsDigestSchema = z
  .object({
    slack: z.string().min(1).optional(),
    teams: z.string().min(1).optional(),
    weekday: weekday.default('monday'),
    at: clockTime.default('08:00'),
    timezone: timezone.default('UTC'),
    days: z.number().int().min(1).max(366).default(30),
  })
  .strict()
  .refine(somewhere, { message: somewhereMessage });

/** A company's SKU (part number such as FLOW_FREE, or the SKU id) whose findings are not shown. */
export const ignoreEntrySchema = z.object({ company: z.string().min(1), sku: z.string().min(1) }).strict();

export const digestsConfigSchema = z
  .object({
    unused: unusedDigestSchema.optional(),
    renewals: renewalsDigestSchema.optional(),
    ignore: z.array(ignoreEntrySchema).default([]),
  })
  .strict()
  .prefault({});

export type DigestsConfig = z.output<typeof digestsConfigSchema>;
export type UnusedDigestConfig = z.output<typeof unusedDigestSchema>;
export type RenewalsDigestConfig = z.output<typeof renewalsDigestSchema>;
