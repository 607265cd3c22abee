/**
 * Every `$when` in `cards/*.json` names data that the presenter gives, of the type the condition
 * needs, for every sample (and every viewer of approval cards); see `when-conditions.ts`. The
 * engine would treat a missing value as false and a string as true, so without this a typo or a
 * renamed presenter field only shows as an element that never (or always) appears.
 */
import { describe, expect, it } from 'vitest';
import { type CardName, cardNames } from '../../src/cards/card-registry.ts';
import { cardData, loadTemplate } from '../../src/cards/expand-card.ts';
import { sampleCases, viewers } from './load-samples.ts';
import { checkWhenConditions, parseCondition, whenLocations } from './when-conditions.ts';

const cases = sampleCases();

/**
 * Scopes no sample can fill, so conditions inside them are never evaluated: the company card shares
 * the detail template, but its presenter gives no sections (the same fragment is checked through
 * the product, subscription and order cards).
 */
const emptyScopes: Partial<Record<CardName, string>> = { companyDetail: '$.body[4]' };

describe('$when conditions of the templates', () => {
  describe.each(cases)('$file $who', ({ name, data, viewer }) => {
    it('each names a value of the right type in the presenter output', () => {
      expect(checkWhenConditions(loadTemplate(name), cardData(name, data, { viewer })).problems).toEqual([]);
    });
  });

  describe.each(cardNames)('%s', (name) => {
    it('has every condition evaluated by at least one sample', () => {
      const evaluated = new Map(whenLocations(loadTemplate(name)).map((at) => [at, 0]));
      for (const c of cases.filter((x) => x.name === name)) {
        for (const [at, n] of checkWhenConditions(loadTemplate(name), cardData(name, c.data, { viewer: c.viewer })).evaluated) {
          evaluated.set(at, (evaluated.get(at) ?? 0) + n);
        }
      }
      const scope = emptyScopes[name];
      const never = [...evaluated].filter(([, n]) => n === 0).map(([at]) => at);
      expect(never.filter((at) => scope === undefined || !at.startsWith(scope))).toEqual([]);
      if (scope !== undefined) expect(never.length, `conditions in ${scope} of ${name}`).toBeGreaterThan(0);
    });
  });

  it('finds the conditions there are (the walk is not vacuous)', () => {
    const count = (name: CardName) => whenLocations(loadTemplate(name)).length;
    expect(count('approvalRequest')).toBe(4);
    expect(count('approvalResult')).toBe(5);
    expect(cardNames.reduce((n, name) => n + count(name), 0)).toBeGreaterThanOrEqual(50);
  });
});

describe('the $when checker', () => {
  it('understands the forms the templates use, and nothing else', () => {
    expect(parseCondition('${canAct}')).toEqual({ form: 'boolean', path: ['canAct'], negated: false });
    expect(parseCondition('${!isEmpty}')).toEqual({ form: 'boolean', path: ['isEmpty'], negated: true });
    expect(parseCondition('${$root.request.hasRows}')).toEqual({ form: 'boolean', path: ['$root', 'request', 'hasRows'], negated: false });
    expect(parseCondition("${figure != ''}")).toEqual({ form: 'compare', path: ['figure'], operator: '!=', literal: '' });
    for (const unknown of ['${a && b}', '${a || b}', '${count > 0}', "${if(ok, true, false)}", '${rows[0].ok}', '${!!x}', 'true', '${x} ${y}', true]) {
      expect(parseCondition(unknown), String(unknown)).toBeUndefined();
    }
  });

  it('reports a condition naming missing data, a string, or an unsupported form', () => {
    const template = { body: [{ $when: '${hasRow}' }, { $when: '${title}' }, { $when: "${figure != ''}" }, { $when: '${a && b}' }, { $when: '${ok}' }] };
    const { problems, evaluated } = checkWhenConditions(template, { hasRows: true, title: 'x', figure: 3, ok: false });
    expect(problems).toEqual([
      '$.body[0].$when ${hasRow} in $root: names undefined, not a boolean',
      '$.body[1].$when ${title} in $root: names string "x", not a boolean',
      "$.body[2].$when ${figure != ''} in $root: compares number 3 with a string",
      '$.body[3].$when: unsupported expression "${a && b}"',
    ]);
    expect(evaluated.get('$.body[4]')).toBe(1);
    expect(evaluated.get('$.body[3]')).toBe(0);
  });

  it('evaluates a condition in every item of its $data scope, and $root from inside one', () => {
    const template = { items: [{ $data: '${rows}', $when: '${shown}', inner: { $when: '${$root.hasRows}' } }] };
    const { problems, evaluated } = checkWhenConditions(template, { hasRows: true, rows: [{ shown: true }, { shown: 'yes' }, {}] });
    expect(problems).toEqual([
      '$.items[0].$when ${shown} in $root.rows[1]: names string "yes", not a boolean',
      '$.items[0].$when ${shown} in $root.rows[2]: names undefined, not a boolean',
    ]);
    expect(evaluated.get('$.items[0]')).toBe(3);
    expect(evaluated.get('$.items[0].inner')).toBe(3);
    expect(checkWhenConditions(template, { rows: [{ shown: true }] }).problems).toEqual(['$.items[0].inner.$when ${$root.hasRows} in $root.rows[0]: names undefined, not a boolean']);
  });

  it('reports a $data scope that names nothing, or an expression it does not understand', () => {
    expect(checkWhenConditions({ $data: '${missing}', $when: '${x}' }, {}).problems).toEqual(['$.$data ${missing} in $root: names undefined, not an array or object']);
    expect(checkWhenConditions({ $data: '${rows[0]}', $when: '${x}' }, {}).problems).toEqual(['$.$data: unsupported expression "${rows[0]}"']);
  });

  it('fails on a real template when the presenter output or the template changes', () => {
    const sample = cases.find((c) => c.file === 'approvalRequest.pending-buy.json' && c.who === 'approver');
    if (!sample) throw new Error('the pending-buy sample is missing');
    const data = cardData('approvalRequest', sample.data, { viewer: viewers.approver }) as Record<string, unknown>;
    const template = loadTemplate('approvalRequest');
    expect(checkWhenConditions(template, data).problems).toEqual([]);
    const { hasDryRun: _dropped, ...withoutDryRun } = data;
    expect(checkWhenConditions(template, withoutDryRun).problems).toEqual([expect.stringMatching(/\$when \$\{hasDryRun\} in \$root: names undefined/)]);
    expect(checkWhenConditions(template, { ...data, canDeny: 'true' }).problems).toEqual([expect.stringMatching(/\$when \$\{canDeny\} in \$root: names string "true"/)]);
    const typo = JSON.parse(JSON.stringify(template).replace('${hasWarnings}', '${hasWarning}')) as unknown;
    expect(checkWhenConditions(typo, data).problems).toEqual([expect.stringMatching(/\$when \$\{hasWarning\} in \$root: names undefined/)]);
  });
});
