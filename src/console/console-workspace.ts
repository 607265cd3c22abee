import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { FakeConnectorSnapshot } from '../fakes/bot-connector.ts';
import type { FakeSlackSnapshot } from '../fakes/slack-web-api.ts';
import type { Logger } from '../log.ts';
import type { ConsoleMessage, ConsoleTranscript } from './console-transcript.ts';
import { maxTranscriptMessages } from './console-transcript.ts';
import type { PlatformFakes } from './platform-fakes.ts';

/** The file, in `DATA_DIR` beside the embedded database, that keeps the console's workspace. */
export const consoleWorkspaceFileName = 'console-workspace.json';

const json = z.unknown();
const messageSchema = z.object({
  platform: z.enum(['slack', 'teams']),
  conversationId: z.string(),
  id: z.string(),
  from: z.union([z.object({ bot: z.literal(true) }), z.object({ person: z.string() })]),
  text: z.string(),
  blocks: z.array(json).exactOptional(),
  attachments: z.array(json).exactOptional(),
  visibleTo: z.string().exactOptional(),
  at: z.string(),
  version: z.number().int(),
});
const workspaceSchema = z.object({
  version: z.literal(1),
  transcript: z.array(messageSchema),
  slack: z.object({
    messages: z.array(z.object({ channel: z.string(), ts: z.string(), text: z.string(), blocks: z.array(json), visibleTo: z.string().exactOptional() })),
    tsCounter: z.number().int().nonnegative(),
    viewCounter: z.number().int().nonnegative(),
  }),
  teams: z.object({
    messages: z.array(
      z
        .object({ id: z.string(), conversationId: z.string(), replyToId: z.string().optional(), activity: z.record(z.string(), json) })
        .transform((m) => ({ ...m, replyToId: m.replyToId })),
    ),
    conversations: z.array(z.object({ id: z.string(), memberIds: z.array(z.string()) })),
    lastId: z.number().int().nonnegative(),
  }),
});

/** What the console keeps across a restart: its transcript and what the fake Slack and Bot Connector hold. */
export interface ConsoleWorkspace {
  readonly version: 1;
  readonly transcript: readonly ConsoleMessage[];
  readonly slack: FakeSlackSnapshot;
  readonly teams: FakeConnectorSnapshot;
}

/**
 * Reads the workspace a console kept, or undefined when there is none. A file that cannot be read
 * as one is moved aside (`….unreadable`) with a warning, and the console starts empty: a damaged
 * file must not stop the bot, nor be overwritten before someone can look at it.
 */
export function readConsoleWorkspace(path: string, log: Logger): ConsoleWorkspace | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    log.warn({ err: error, path }, 'Console: could not read the kept workspace; starting with empty conversations');
    return undefined;
  }
  let parsed: ReturnType<typeof workspaceSchema.safeParse>;
  try {
    parsed = workspaceSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = workspaceSchema.safeParse(undefined);
  }
  if (parsed.success) return parsed.data;
  const aside = `${path}.unreadable`;
  try {
    renameSync(path, aside);
  } catch {
    // Left where it is; the next save replaces it.
  }
  log.warn({ path, movedTo: aside }, 'Console: the kept workspace is not one this console can read; starting with empty conversations');
  return undefined;
}

/**
 * Keeps the console's workspace in `path` as it changes: the transcript (what each pane shows,
 * typed messages included) and the fakes' state (the messages the bot may still update, and their
 * id counters), so after a restart with the same `DATA_DIR` the panes show the cards posted before
 * it, the bot's later updates and clicks on them still land, and no new message reuses an old id.
 * Saves at most every `debounceMs`, in the background (write a temporary file, then rename);
 * `stop()` saves what is left at once.
 */
export function keepConsoleWorkspace(options: { path: string; transcript: ConsoleTranscript; fakes: PlatformFakes; log: Logger; debounceMs?: number }): { stop(): void } {
  const { path, transcript, fakes, log } = options;
  const debounceMs = options.debounceMs ?? 300;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let dirty = false;
  let stopped = false;

  const contents = () => JSON.stringify(snapshotOf(transcript, fakes));

  async function save(): Promise<void> {
    dirty = false;
    mkdirSync(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp`, contents());
    await rename(`${path}.tmp`, path);
  }

  function saveSoon(): void {
    dirty = true;
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (writing) return saveSoon();
      writing = save()
        .catch((error: unknown) => log.warn({ err: error, path }, 'Console: could not keep the workspace'))
        .finally(() => {
          writing = undefined;
          if (dirty) saveSoon();
        });
    }, debounceMs);
    timer.unref();
  }

  const unsubscribe = transcript.subscribe(saveSoon);
  fakes.slack.on('change', saveSoon);
  const stopTeams = fakes.teams.onChange(saveSoon);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      fakes.slack.off('change', saveSoon);
      stopTeams();
      if (!dirty) return;
      try {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(`${path}.tmp`, contents());
        renameSync(`${path}.tmp`, path);
      } catch (error) {
        log.warn({ err: error, path }, 'Console: could not keep the workspace');
      }
    },
  };
}

function snapshotOf(transcript: ConsoleTranscript, fakes: PlatformFakes): ConsoleWorkspace {
  return {
    version: 1,
    transcript: transcript.messages(),
    slack: fakes.slack.snapshot(maxTranscriptMessages),
    teams: fakes.teams.snapshot(maxTranscriptMessages),
  };
}
