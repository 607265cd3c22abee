import { holdsSku } from './commerce-view.ts';
import { badQuery, unsupportedQuery } from './graph-error.ts';
import type { GraphUser } from './tenant-model.ts';

/**
 * The part of OData `$filter` that Graph supports on `/users` and the bot needs: `eq`/`ne` on
 * string and boolean properties, `startswith`/`endswith`, `and`/`or`/`not` and parentheses,
 * `assignedLicenses/any(x:x/skuId eq {guid})` and `assignedLicenses/$count eq N`. As on Graph,
 * `ne`, `not`, `endswith` and `$count` are "advanced queries": they need `$count=true` and the
 * header `ConsistencyLevel: eventual`.
 */
export interface UserFilter {
  test(user: GraphUser): boolean;
  /** The first advanced operator used, if any (the refusal names it). */
  advanced?: string;
}

type Token = { kind: 'punct' | 'string' | 'guid' | 'number' | 'word'; text: string };

const guidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
    } else if ('(),:/'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    } else if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === "'" && text[j + 1] === "'") {
          value += "'";
          j++;
        } else if (text[j] === "'") break;
        else value += text[j];
      }
      if (j >= text.length) throw badQuery(`Invalid filter clause: unterminated string literal at position ${i}.`);
      tokens.push({ kind: 'string', text: value });
      i = j + 1;
    } else {
      const match = guidPattern.exec(rest) ?? /^-?\d+/.exec(rest) ?? /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(rest);
      if (!match) throw badQuery(`Invalid filter clause: syntax error at position ${i} in '${text}'.`);
      const kind = guidPattern.test(match[0]) ? 'guid' : /^-?\d/.test(match[0]) ? 'number' : 'word';
      tokens.push({ kind, text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

const stringProps: Readonly<Record<string, (u: GraphUser) => string | null>> = {
  id: (u) => u.id, userPrincipalName: (u) => u.userPrincipalName, displayName: (u) => u.displayName, givenName: (u) => u.givenName,
  surname: (u) => u.surname, mail: (u) => u.mail, mailNickname: (u) => u.mailNickname, usageLocation: (u) => u.usageLocation,
  jobTitle: (u) => u.jobTitle, department: (u) => u.department, userType: () => 'Member',
};
const knownUnfilterable = new Set(['officeLocation', 'mobilePhone', 'businessPhones', 'preferredLanguage', 'licenseAssignmentStates', 'signInSessionsValidFromDateTime']);
const licenseCount = (u: GraphUser): number => new Set([...u.licenses, ...u.groupLicenses].map((l) => l.skuId)).size;

type Literal = string | boolean | number | null;

/** Deeper nesting than this is refused rather than recursed into. */
const MAX_DEPTH = 32;

class Parser {
  private pos = 0;
  private depth = 0;
  advanced: string | undefined;
  constructor(private readonly tokens: Token[], private readonly source: string) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private next(): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw badQuery(`Invalid filter clause: the expression '${this.source}' ends too early.`);
    return token;
  }
  private expect(text: string): void {
    const token = this.next();
    if (token.text !== text) throw badQuery(`Invalid filter clause: expected '${text}' but found '${token.text}'.`);
  }
  private isWord(text: string): boolean {
    const token = this.peek();
    return token?.kind === 'word' && token.text.toLowerCase() === text;
  }
  private useAdvanced(operator: string): void {
    this.advanced ??= operator;
  }

  parse(): (u: GraphUser) => boolean {
    const expr = this.or();
    if (this.peek()) throw badQuery(`Invalid filter clause: unexpected '${this.peek()?.text ?? ''}'.`);
    return expr;
  }
  private or(): (u: GraphUser) => boolean {
    let left = this.and();
    while (this.isWord('or')) {
      this.next();
      const a = left;
      const b = this.and();
      left = (u) => a(u) || b(u);
    }
    return left;
  }
  private and(): (u: GraphUser) => boolean {
    let left = this.unary();
    while (this.isWord('and')) {
      this.next();
      const a = left;
      const b = this.unary();
      left = (u) => a(u) && b(u);
    }
    return left;
  }
  private unary(): (u: GraphUser) => boolean {
    if (++this.depth > MAX_DEPTH) throw badQuery(`Invalid filter clause: nested more than ${MAX_DEPTH} levels deep.`);
    try {
      return this.primary();
    } finally {
      this.depth--;
    }
  }
  private primary(): (u: GraphUser) => boolean {
    if (this.isWord('not')) {
      this.next();
      this.useAdvanced('not');
      const inner = this.unary();
      return (u) => !inner(u);
    }
    if (this.peek()?.text === '(') {
      this.next();
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (this.isWord('startswith') || this.isWord('endswith')) return this.stringFunction();
    return this.comparison();
  }
  private literal(): Literal {
    const token = this.next();
    if (token.kind === 'string' || token.kind === 'guid') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'word' && ['true', 'false', 'null'].includes(token.text)) return token.text === 'null' ? null : token.text === 'true';
    throw badQuery(`Invalid filter clause: '${token.text}' is not a literal value.`);
  }
  private operator(): 'eq' | 'ne' {
    const token = this.next();
    const op = token.text.toLowerCase();
    if (op === 'eq' || op === 'ne') {
      if (op === 'ne') this.useAdvanced('ne');
      return op;
    }
    if (['gt', 'ge', 'lt', 'le', 'in', 'has'].includes(op)) throw unsupportedQuery(`Unsupported operator '${op}' in the filter clause.`);
    throw badQuery(`Invalid filter clause: expected an operator (eq, ne) but found '${token.text}'.`);
  }
  private property(name: string): (u: GraphUser) => string | null {
    const get = stringProps[name];
    if (get) return get;
    if (knownUnfilterable.has(name)) throw unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${name}' of resource 'User'.`);
    throw badQuery(`Could not find a property named '${name}' on type 'microsoft.graph.user'.`);
  }
  private stringFunction(): (u: GraphUser) => boolean {
    const name = this.next().text.toLowerCase();
    if (name === 'endswith') this.useAdvanced('endsWith');
    this.expect('(');
    const get = this.property(this.next().text);
    this.expect(',');
    const value = this.literal();
    this.expect(')');
    if (typeof value !== 'string') throw badQuery(`Invalid filter clause: ${name} takes a string literal.`);
    const wanted = value.toLowerCase();
    return name === 'startswith' ? (u) => (get(u) ?? '').toLowerCase().startsWith(wanted) : (u) => (get(u) ?? '').toLowerCase().endsWith(wanted);
  }
  private comparison(): (u: GraphUser) => boolean {
    const name = this.next();
    if (name.kind !== 'word') throw badQuery(`Invalid filter clause: expected a property name but found '${name.text}'.`);
    if (name.text === 'assignedLicenses' && this.peek()?.text === '/') return this.licenses();
    const op = this.operator();
    const value = this.literal();
    const sign = (match: boolean) => (op === 'eq' ? match : !match);
    if (name.text === 'accountEnabled') {
      if (typeof value !== 'boolean') throw badQuery(`A binary operator with incompatible types was detected. Found operand types 'Edm.Boolean' and '${typeof value === 'string' ? 'Edm.String' : 'Edm.Int32'}' for operator kind '${op === 'eq' ? 'Equal' : 'NotEqual'}'.`);
      return (u) => sign(u.accountEnabled === value);
    }
    const get = this.property(name.text);
    if (value === null) return (u) => sign(get(u) === null);
    if (typeof value !== 'string') throw badQuery(`A binary operator with incompatible types was detected. Found operand types 'Edm.String' and '${typeof value === 'boolean' ? 'Edm.Boolean' : 'Edm.Int32'}' for operator kind '${op === 'eq' ? 'Equal' : 'NotEqual'}'.`);
    const wanted = value.toLowerCase();
    return (u) => sign((get(u) ?? '').toLowerCase() === wanted && get(u) !== null);
  }
  /** `assignedLicenses/any(x:x/skuId eq {guid})` or `assignedLicenses/$count eq N`. */
  private licenses(): (u: GraphUser) => boolean {
    this.expect('/');
    const what = this.next().text;
    if (what === '$count') {
      this.useAdvanced('$count');
      const op = this.operator();
      const value = this.literal();
      if (typeof value !== 'number') throw badQuery('Invalid filter clause: $count compares with a number.');
      return (u) => (op === 'eq' ? licenseCount(u) === value : licenseCount(u) !== value);
    }
    if (what.toLowerCase() !== 'any') throw unsupportedQuery(`Unsupported or invalid query filter clause specified for property 'assignedLicenses' of resource 'User'.`);
    this.expect('(');
    const variable = this.next().text;
    this.expect(':');
    this.expect(variable);
    this.expect('/');
    const field = this.next().text;
    if (field !== 'skuId') throw unsupportedQuery(`Unsupported or invalid query filter clause specified for property 'assignedLicenses/${field}' of resource 'User'.`);
    const op = this.operator();
    const value = this.literal();
    this.expect(')');
    if (typeof value !== 'string' || !guidPattern.test(value)) throw badQuery(`Invalid filter clause: skuId compares with a GUID, got '${String(value)}'.`);
    const skuId = value.toLowerCase();
    return (u) => (op === 'eq' ? holdsSku(u, skuId) : !holdsSku(u, skuId));
  }
}

/** Parses a `$filter` on users; a clause Graph would refuse is refused the same way (400). */
export function parseUserFilter(text: string): UserFilter {
  const parser = new Parser(tokenize(text), text);
  const test = parser.parse();
  return { test, ...(parser.advanced !== undefined ? { advanced: parser.advanced } : {}) };
}
