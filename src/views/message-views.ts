import { z } from 'zod';
import { commandActionSchema, pagingSchema } from './view-parts.ts';

/** How one command is used: shown by `help` and by every error about that command. */
export const commandUsageSchema = z.object({
  word: z.string(),
  usage: z.string(),
  summary: z.string(),
  examples: z.array(z.string()),
  adminOnly: z.boolean(),
});
export type CommandUsage = z.infer<typeof commandUsageSchema>;

/** `help` and `help <command>`. */
export const helpSchema = z.object({
  kind: z.literal('help'),
  topic: z.string().nullable(),
  commands: z.array(commandUsageSchema),
  /** The list of commands comes in pages; one command's help has none. */
  paging: pagingSchema.nullable().default(null),
});
export type HelpView = z.infer<typeof helpSchema>;

/**
 * A name that matched several things, or nothing well: the closest candidates as buttons. Each
 * candidate's `command` is the original command with the name replaced by the candidate's id, so
 * choosing one (verb `choose`) simply runs that command.
 */
export const choicesSchema = z.object({
  kind: z.literal('choices'),
  entity: z.enum(['company', 'product', 'subscription']),
  query: z.string(),
  reason: z.enum(['ambiguous', 'unknown']),
  message: z.string(),
  candidates: z.array(commandActionSchema.extend({ id: z.string(), detail: z.string().nullable() })),
});
export type ChoicesView = z.infer<typeof choicesSchema>;

/** The immediate acknowledgement of a command whose answer needs Pax8. */
export const workingSchema = z.object({ kind: z.literal('working'), message: z.string() });
export type WorkingView = z.infer<typeof workingSchema>;

/** A short statement: a setting saved, nothing to show. */
export const noticeSchema = z.object({
  kind: z.literal('notice'),
  tone: z.enum(['info', 'success', 'warning']),
  title: z.string(),
  message: z.string(),
});
export type NoticeView = z.infer<typeof noticeSchema>;

/**
 * Something was wrong (the input, a permission, Pax8). The message says what and, for input
 * mistakes, `usage` shows the right form. Never a stack trace or a credential.
 */
export const errorSchema = z.object({
  kind: z.literal('error'),
  code: z.enum(['bad_input', 'unknown_command', 'not_found', 'forbidden', 'refused', 'pax8_unavailable', 'pax8_refused', 'microsoft_unavailable', 'microsoft_refused', 'internal']),
  message: z.string(),
  usage: z.string().nullable(),
  examples: z.array(z.string()),
});
export type ErrorView = z.infer<typeof errorSchema>;
export type ErrorCodeView = ErrorView['code'];
