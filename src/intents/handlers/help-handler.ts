import { commandWords } from '../../wire-ids.ts';
import { commandUsage } from '../command-usage.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { errorView } from '../view-helpers.ts';

/** `help [command]`: answered at once, no Pax8. */
export const helpHandler: Handler<IntentOf<'help'>> = {
  immediate(r) {
    if (r.topic === null) return { kind: 'help', topic: null, commands: commandWords.map((word) => commandUsage[word]) };
    const word = commandWords.find((c) => c === r.topic);
    if (!word) {
      const shown = r.topic.length > 40 ? `${r.topic.slice(0, 40)}...` : r.topic;
      return errorView('unknown_command', `There is no command "${shown}". Type "help" for the list.`, 'help');
    }
    return { kind: 'help', topic: word, commands: [commandUsage[word]] };
  },
};
