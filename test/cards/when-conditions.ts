/**
 * Checks the `$when` conditions of a card template against the data it is expanded with. The
 * templating engine treats a condition that names missing data as false (the element silently
 * disappears) and a string as truthy, so a typo in a template or a renamed presenter field would go
 * unnoticed; here every condition must name data that exists and has the type the condition needs.
 *
 * Only the expression forms the templates use are understood, and anything else is reported as a
 * problem rather than skipped:
 * - `${path}` and `${!path}`: the value must be a boolean;
 * - `${path != 'text'}` and `${path == 'text'}`: the value must be a string;
 * - `$data` scopes: `${path}`, an array (each item becomes the scope in turn) or an object.
 * A path is `name(.name)*`, starting from the current scope, or from `$root` / `$data`.
 *
 * @see https://learn.microsoft.com/adaptive-cards/templating/language
 */

/** One parsed `${…}` expression. */
export type Condition =
  | { readonly form: 'boolean'; readonly path: readonly string[]; readonly negated: boolean }
  | { readonly form: 'compare'; readonly path: readonly string[]; readonly operator: '==' | '!='; readonly literal: string };

const pathPattern = String.raw`(?:\$root|\$data|[A-Za-z_]\w*)(?:\.[A-Za-z_]\w*)*`;
const booleanForm = new RegExp(String.raw`^\$\{\s*(!?)\s*(${pathPattern})\s*\}$`);
const compareForm = new RegExp(String.raw`^\$\{\s*(${pathPattern})\s*(==|!=)\s*'([^'\\]*)'\s*\}$`);
const scopeForm = new RegExp(String.raw`^\$\{\s*(${pathPattern})\s*\}$`);

/** Parses a `$when` value; undefined for any form this checker does not understand. */
export function parseCondition(expression: unknown): Condition | undefined {
  if (typeof expression !== 'string') return undefined;
  const plain = booleanForm.exec(expression);
  if (plain?.[2] !== undefined) return { form: 'boolean', path: plain[2].split('.'), negated: plain[1] === '!' };
  const compare = compareForm.exec(expression);
  if (compare?.[1] !== undefined && compare[3] !== undefined) {
    return { form: 'compare', path: compare[1].split('.'), operator: compare[2] === '==' ? '==' : '!=', literal: compare[3] };
  }
  return undefined;
}

/** Parses a `$data` value: a single path; undefined for anything else. */
export function parseScope(expression: unknown): readonly string[] | undefined {
  if (typeof expression !== 'string') return undefined;
  return scopeForm.exec(expression)?.[1]?.split('.');
}

/** The value a path names, from the current scope (or `$root`); undefined when any step is missing. */
export function resolvePath(path: readonly string[], scope: unknown, root: unknown): unknown {
  const [first, ...rest] = path;
  let value: unknown = first === '$root' ? root : first === '$data' ? scope : step(scope, first);
  for (const key of rest) value = step(value, key);
  return value;
}

function step(value: unknown, key: string | undefined): unknown {
  if (key === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

const shown = (value: unknown): string => (value === undefined ? 'undefined' : `${Array.isArray(value) ? 'array' : typeof value} ${JSON.stringify(value)}`);

/** The problem with one condition's value in one scope, if any. */
function conditionProblem(condition: Condition, value: unknown): string | undefined {
  if (condition.form === 'boolean') return typeof value === 'boolean' ? undefined : `names ${shown(value)}, not a boolean`;
  return typeof value === 'string' ? undefined : `compares ${shown(value)} with a string`;
}

export interface WhenReport {
  /** Each `$when` of the template (by its location) and how many scopes it was evaluated in. */
  readonly evaluated: ReadonlyMap<string, number>;
  readonly problems: readonly string[];
}

/** Every `$when` location in a template, whatever the data. */
export function whenLocations(template: unknown, at = '$'): string[] {
  if (Array.isArray(template)) return template.flatMap((item, i) => whenLocations(item, `${at}[${i}]`));
  if (template === null || typeof template !== 'object') return [];
  return Object.entries(template).flatMap(([key, value]) => (key === '$when' ? [at] : whenLocations(value, `${at}.${key}`)));
}

/**
 * Walks `template` as the engine expands it with `root`: `$data` narrows (or repeats) the scope,
 * and `$when`, evaluated in that scope, must name a value of the type its form needs.
 */
export function checkWhenConditions(template: unknown, root: unknown): WhenReport {
  const evaluated = new Map<string, number>(whenLocations(template).map((at) => [at, 0]));
  const problems: string[] = [];

  function walk(node: unknown, scopes: readonly { value: unknown; label: string }[], at: string): void {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, scopes, `${at}[${i}]`));
    if (node === null || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    let inner = scopes;
    if ('$data' in element) {
      const path = parseScope(element.$data);
      if (!path) {
        problems.push(`${at}.$data: unsupported expression ${JSON.stringify(element.$data)}`);
        return;
      }
      inner = scopes.flatMap((scope) => {
        const value = resolvePath(path, scope.value, root);
        const label = `${scope.label}.${path.join('.')}`;
        if (Array.isArray(value)) return value.map((item: unknown, i) => ({ value: item, label: `${label}[${i}]` }));
        if (value !== null && typeof value === 'object') return [{ value, label }];
        problems.push(`${at}.$data ${String(element.$data)} in ${scope.label}: names ${shown(value)}, not an array or object`);
        return [];
      });
    }
    if ('$when' in element) {
      const condition = parseCondition(element.$when);
      if (!condition) problems.push(`${at}.$when: unsupported expression ${JSON.stringify(element.$when)}`);
      else {
        for (const scope of inner) {
          const problem = conditionProblem(condition, resolvePath(condition.path, scope.value, root));
          if (problem) problems.push(`${at}.$when ${String(element.$when)} in ${scope.label}: ${problem}`);
        }
        evaluated.set(at, (evaluated.get(at) ?? 0) + inner.length);
      }
    }
    for (const [key, value] of Object.entries(element)) {
      if (key !== '$data' && key !== '$when') walk(value, inner, `${at}.${key}`);
    }
  }

  walk(template, [{ value: root, label: '$root' }], '$');
  return { evaluated, problems };
}
