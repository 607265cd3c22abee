import type { HelpView } from '../../views/message-views.ts';
import { commandWords, wireIds } from '../../wire-ids.ts';
import { commandUsage } from '../command-usage.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { errorView, pageOf } from '../view-helpers.ts';

/** Commands per help page: every page fits one Slack message whole. */
const commandsPerPage = 8;

/** The list of commands, one page of it, with buttons to the others. */
export function helpView(page: number): HelpView {
  const { items, paging } = pageOf(
    commandWords.map((word) => commandUsage[word]),
    page,
    commandsPerPage,
    wireIds.commands.help,
  );
  return { kind: 'help', topic: null, commands: items, paging };
}

/** `help [command]`: answered at once, no Pax8. */
export const helpHandler: Handler<IntentOf<'help'>> = {
  immediate(r) {
    if (r.topic === null) return helpView(r.page);
    const word = commandWords.find((c) => c === r.topic);
    if (!word) {
      const shown = r.topic.length > 40 ? `${r.topic.slice(0, 40)}...` : r.topic;
      return errorView('unknown_command', `There is no command "${shown}". Type "help" for the list.`, 'help');
    }
    return { kind: 'help', topic: word, commands: [commandUsage[word]], paging: null };
  },
};
