import { z } from 'zod';
import { parseTenantRef, tenantRefHint } from './microsoft/tenant-ref.ts';
import { parseDuration } from './util/duration.ts';
import { digestsConfigSchema } from './digests/digests-config.ts';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => v === '*' || /^[^@\s]+@[^@\s]+$/.test(v), { message: 'expected an e-mail address or "*"' });

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  if (typeof value === 'number') return value * 1000;
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration (use e.g. 30m, 4h, 24h, 7d)` });
    return z.NEVER;
  }
  return ms;
});

/** A rule under which a request is approved without a human. Every bound must hold. */
export const autoApproveRuleSchema = z
  .object({
    kinds: z.array(z.string().min(1)).min(1),
    maxSeats: z.number().int().positive().optional(),
    maxMonthlyCost: z.number().nonnegative().optional(),
    maxPerRequesterPerDay: z.number().int().positive().default(5),
    requesters: z.array(email).default(['*']),
    companies: z.array(z.string().min(1)).optional(),
  })
  .strict();

export type AutoApproveRule = z.infer<typeof autoApproveRuleSchema>;

const instanceSchema = z
  .object({
    name: z.string().min(1),
    clientIdEnv: z.string().min(1),
    clientSecretEnv: z.string().min(1),
    /** The environment variable holding the `authorization` value this account's Pax8 webhooks carry. */
    webhookAuthorizationEnv: z.string().min(1).optional(),
    default: z.boolean().default(false),
    baseUrl: z.url().optional(),
    tokenUrl: z.url().optional(),
    audience: z.string().optional(),
  })
  .strict();

/**
 * `pax8-chatops.yaml`: policy, not secrets. Every key is optional. Unknown keys are errors, so a
 * typo such as `selfAproval` cannot silently leave a safety setting at its default.
 */
export const configFileSchema = z
  .object({
    roles: z
      .object({
        admins: z.array(email).default([]),
        approvers: z.array(email).default([]),
        requesters: z.array(email).default(['*']),
      })
      .strict()
      .prefault({}),
    approvals: z
      .object({
        expiresAfter: duration.default(24 * 3_600_000),
        remindAfter: duration.default(4 * 3_600_000),
        selfApproval: z.boolean().default(false),
        secondApproverAbove: z.number().nonnegative().nullable().default(1000),
        autoApprove: z.array(autoApproveRuleSchema).default([]),
      })
      .strict()
      .prefault({}),
    slack: z.object({ approvalsChannel: z.string().min(1).optional() }).strict().prefault({}),
    teams: z.object({ approvalsConversationId: z.string().min(1).optional() }).strict().prefault({}),
    mappings: z
      .array(
        z
          .object({
            channel: z.string().regex(/^(slack|teams):.+/, 'expected "slack:<channel id>" or "teams:<conversation id>"'),
            company: z.string().min(1),
            /** The Pax8 account (`pax8.instances[].name`) the company is in; absent = found in any. */
            account: z.string().min(1).optional(),
          })
          .strict(),
      )
      .default([]),
    microsoft: z
      .object({
        /** Pax8 company (name or id) → its Microsoft 365 tenant (id or a domain); `tenant <company> …` in chat wins. */
        tenants: z
          .array(
            z
              .object({
                company: z.string().min(1),
                tenant: z.string().refine((t) => parseTenantRef(t) !== undefined, `expected ${tenantRefHint}`),
                account: z.string().min(1).optional(),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .prefault({}),
    /** Onboarding and offboarding (`onboard`, `offboard`). */
    onboarding: z
      .object({
        /** The usage location a new user gets unless the form says otherwise (ISO 3166 two letters). */
        usageLocation: z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^[A-Z]{2}$/, 'expected an ISO 3166 two-letter country code such as US')
          .default('US'),
        /** The user name pattern: `{first}`, `{last}`, `{f}` (first initial), `{l}`; the domain is the tenant's default verified domain. */
        upn: z
          .string()
          .trim()
          .min(1)
          .refine((p) => /\{(first|last|f|l)\}/.test(p) && !p.includes('@'), 'expected a pattern such as "{first}.{last}" (no @domain: the tenant\'s default domain is used)')
          .default('{first}.{last}'),
        /** Offboarding blocks sign-in and revokes sessions at once (costs nothing, reversible); licences and seats wait for approval. */
        blockSignInBeforeApproval: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    pax8: z
      .object({
        instances: z.array(instanceSchema).default([]),
        rateLimitPerMinute: z.number().int().positive().default(1000),
        timeoutMs: z.number().int().positive().default(30_000),
      })
      .strict()
      .prefault({}),
    /** Scheduled licence digests and the findings to ignore (`digests/digests-config.ts`). */
    digests: digestsConfigSchema,
  })
  .strict();

export type ConfigFile = z.output<typeof configFileSchema>;

