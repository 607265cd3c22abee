/**
 * Small walkers over the card subset: every action and input a card holds, wherever it is nested,
 * and a copy of a card without some actions. Used to build Slack modals from a card and by tests
 * asserting who sees which button.
 */
import type { AdaptiveCard, CardAction, CardElement, CardInput } from './adaptive-card.ts';

function children(element: CardElement): CardElement[] {
  if (element.type === 'Container') return element.items;
  if (element.type === 'ColumnSet') return (element.columns ?? []).flatMap((c) => c.items ?? []);
  return [];
}

function allElements(elements: readonly CardElement[]): CardElement[] {
  return elements.flatMap((element) => [element, ...allElements(children(element))]);
}

/** Every action of a card: body `ActionSet`s in order, then the card's own actions. */
export function cardActions(card: AdaptiveCard): CardAction[] {
  const inBody = allElements(card.body ?? []).flatMap((e) => (e.type === 'ActionSet' ? e.actions : []));
  return [...inBody, ...(card.actions ?? [])];
}

/** Every input of a card, in order. */
export function cardInputs(card: AdaptiveCard): CardInput[] {
  return allElements(card.body ?? []).filter((e): e is CardInput => e.type.startsWith('Input.'));
}

/** A copy of the card without the actions matching `drop` (empty action sets disappear too). */
export function withoutActions(card: AdaptiveCard, drop: (action: CardAction) => boolean): AdaptiveCard {
  const prune = (elements: readonly CardElement[]): CardElement[] =>
    elements.flatMap((element): CardElement[] => {
      if (element.type === 'ActionSet') {
        const actions = element.actions.filter((a) => !drop(a));
        return actions.length > 0 ? [{ ...element, actions }] : [];
      }
      if (element.type === 'Container') return [{ ...element, items: prune(element.items) }];
      if (element.type === 'ColumnSet') {
        return [{ ...element, columns: (element.columns ?? []).map((c) => ({ ...c, items: prune(c.items ?? []) })) }];
      }
      return [element];
    });
  const actions = (card.actions ?? []).filter((a) => !drop(a));
  return { ...card, body: prune(card.body ?? []), actions };
}
