import { describe, expect, it } from 'vitest';
import { parseCardAction, parseCommand, type RequestContext } from '../../src/intents/index.ts';

const ctx: RequestContext = { actor: { userId: 'U1', email: 'tech@msp.example', platform: 'teams', identity: 'cached' }, channel: { platform: 'teams', id: '19:x', isPersonal: false }, eventId: 'e1' };
const parse = (text: string) => parseCommand(text, ctx);
const failure = (text: string): string => {
  const parsed = parse(text);
  return parsed.kind === 'parseFailure' ? parsed.message : `parsed as ${parsed.kind}`;
};

describe('parseCommand', () => {
  it('strips Teams mentions, HTML and entities, Slack mentions and /pax8', () => {
    expect(parse('<at>Pax8 Bot</at>&nbsp;company <p>Contoso &amp; Co</p>')).toMatchObject({ kind: 'company', company: 'Contoso & Co' });
    expect(parse('/pax8 subs contoso')).toMatchObject({ kind: 'subs', company: 'contoso', page: 1 });
    expect(parse('<@U0BOT> help buy')).toMatchObject({ kind: 'help', topic: 'buy' });
    expect(parse('@pax8 renewals 45')).toMatchObject({ kind: 'renewals', days: 45 });
    expect(parse('buy x y 1 mca2020Email=<mailto:cara@cedar.example|cara@cedar.example> web=<https://cedar.example>')).toMatchObject({
      details: { mca2020Email: ['cara@cedar.example'], web: ['https://cedar.example'] },
    });
  });

  it('reads smart quotes, unicode spaces and full-width letters', () => {
    expect(parse('buy\u00A0\u201CContoso Ltd\u201D \u2018Microsoft 365 E3\u2019 5 Annual')).toMatchObject({ kind: 'buy', names: ['Contoso Ltd', 'Microsoft 365 E3'], quantity: 5, term: 'Annual' });
    expect(parse('ＣＯＭＰＡＮＩＥＳ　contoso')).toMatchObject({ kind: 'companies', text: 'contoso' });
  });

  it('reads quantities, terms and provisioning details', () => {
    expect(parse('buy contoso e3 10 3y msDomain="contoso x" tags=a,b')).toMatchObject({ names: ['contoso', 'e3'], quantity: 10, term: '3-Year', details: { msDomain: ['contoso x'], tags: ['a,b'] } });
    expect(parse('buy contoso e3 10')).toMatchObject({ term: null });
    expect(parse('seats "Contoso Ltd" e3 +3')).toMatchObject({ kind: 'seats', names: ['Contoso Ltd', 'e3'], change: { mode: 'add', amount: 3 } });
    expect(parse('seats abc -2')).toMatchObject({ change: { mode: 'remove', amount: 2 } });
    expect(parse('seats abc 7')).toMatchObject({ change: { mode: 'set', amount: 7 } });
    expect(parse('buy "Contoso 2000" e3 5')).toMatchObject({ names: ['Contoso 2000', 'e3'], quantity: 5 });
  });

  it('reads "seats <subscription>" without a number as asking for the seats form', () => {
    const id = '4f5e0c1a-7b2d-4c1e-9a3f-0123456789ab';
    expect(parse(`seats ${id}`)).toMatchObject({ kind: 'seats', names: [id], change: null, answer: null });
    expect(parse('seats contoso "Microsoft 365 E3"')).toMatchObject({ kind: 'seats', names: ['contoso', 'Microsoft 365 E3'], change: null });
    expect(parse(`seats ${id} --account emea`)).toMatchObject({ kind: 'seats', names: [id], change: null, account: 'emea' });
    // A botched number is a wrong change, not part of a name.
    for (const text of [`seats ${id} 5x`, `seats ${id} five`, 'seats contoso e3 +', 'seats contoso e3 2.5']) {
      expect(parse(text), text).toMatchObject({ kind: 'parseFailure', reason: 'bad_arguments', command: 'seats' });
    }
    expect(failure('seats')).toContain('Say which subscription');
  });

  it('reads "request <id>", and the seats form\'s answer with the command it re-runs', () => {
    expect(parse('request 7c9e6679')).toMatchObject({ kind: 'request', requestId: '7c9e6679' });
    expect(failure('request')).toContain('Say which request');
    const id = '4f5e0c1a-7b2d-4c1e-9a3f-0123456789ab';
    expect(parseCardAction({ verb: 'submit_seats', command: `seats ${id} --account emea`, quantity: '12' }, ctx)).toMatchObject({ kind: 'seats', names: [id], change: null, answer: '12', account: 'emea' });
    // Teams may send an Input.Number as a number, or nothing when it was left empty.
    expect(parseCardAction({ verb: 'submit_seats', command: `seats ${id}`, quantity: 12 }, ctx)).toMatchObject({ answer: '12' });
    expect(parseCardAction({ verb: 'submit_seats', command: `seats ${id}` }, ctx)).toMatchObject({ answer: '' });
    // The form's command is the seats command without a number; anything else is a button the bot did not send.
    expect(parseCardAction({ verb: 'submit_seats', command: `seats ${id} +3`, quantity: '12' }, ctx)).toMatchObject({ kind: 'parseFailure' });
    expect(parseCardAction({ verb: 'submit_seats', command: `cancel ${id}`, quantity: '12' }, ctx)).toMatchObject({ kind: 'parseFailure' });
    expect(parseCardAction({ verb: 'submit_seats', command: `seats ${id}`, quantity: { n: 1 } }, ctx)).toMatchObject({ kind: 'parseFailure' });
  });

  it('reads --account on any command, wherever it is typed, and keeps a quoted "--account" a name', () => {
    expect(parse('buy contoso e3 5 --account emea')).toMatchObject({ kind: 'buy', names: ['contoso', 'e3'], quantity: 5, account: 'emea' });
    expect(parse('companies --account=emea contoso --page 2')).toMatchObject({ kind: 'companies', text: 'contoso', page: 2, account: 'emea' });
    expect(parse('seats --account us abc +1')).toMatchObject({ kind: 'seats', names: ['abc'], account: 'us' });
    expect(parse('company contoso')).not.toHaveProperty('account');
    expect(parse('company "--account" x')).toMatchObject({ kind: 'company', company: '--account x' });
    expect(failure('companies --account')).toBe('--account needs the name of a Pax8 account, e.g. --account emea.');
    expect(failure('companies --account --page 2')).toBe('--account needs the name of a Pax8 account, e.g. --account emea.');
    expect(failure('subs x --account a --account b')).toBe('Give --account once.');
  });

  it('reads months and dates for audit, and pages', () => {
    expect(parse('audit 2026-10')).toMatchObject({ from: '2026-10-01T00:00:00.000Z', to: '2026-10-31T23:59:59.999Z' });
    expect(parse('audit 2026-02-01 2026-02')).toMatchObject({ to: '2026-02-28T23:59:59.999Z' });
    expect(parse('companies --page 3')).toMatchObject({ kind: 'companies', text: null, page: 3 });
    expect(parse('requests pending page=2')).toMatchObject({ filter: 'pending', page: 2 });
  });

  it('reads the Microsoft 365 commands: licenses, users with a filter, user by UPN, tenant by id or domain', () => {
    expect(parse('licenses "Contoso Ltd" --page 2')).toMatchObject({ kind: 'licenses', company: 'Contoso Ltd', page: 2 });
    expect(parse('licenses')).toMatchObject({ kind: 'licenses', company: null });
    expect(parse('users contoso ann --account emea')).toMatchObject({ kind: 'users', names: ['contoso', 'ann'], page: 1, account: 'emea' });
    expect(parse('users')).toMatchObject({ kind: 'users', names: [] });
    expect(parse('user Ann.Lee@Contoso.com')).toMatchObject({ kind: 'user', upn: 'Ann.Lee@Contoso.com' });
    expect(parse('tenant "Contoso Ltd" contoso.onmicrosoft.com')).toMatchObject({ kind: 'tenant', company: 'Contoso Ltd', tenant: 'contoso.onmicrosoft.com' });
    expect(parse('tenant contoso dental 6F1C2D3E-4A5B-4C6D-8E7F-9A0B1C2D3E4F')).toMatchObject({ kind: 'tenant', company: 'contoso dental', tenant: '6F1C2D3E-4A5B-4C6D-8E7F-9A0B1C2D3E4F' });
    expect(failure('user ann')).toBe("Give the user's sign-in name (UPN), e.g. ann@contoso.com.");
    expect(failure('user ann@contoso.com bob@contoso.com')).toBe("Give the user's sign-in name (UPN), e.g. ann@contoso.com.");
    expect(failure('user <!channel>@contoso.com')).toBe("Give the user's sign-in name (UPN), e.g. ann@contoso.com.");
    expect(failure('tenant contoso')).toMatch(/^Name the company, then its Microsoft 365 tenant: a tenant id/);
    expect(failure('tenant contoso common')).toMatch(/^"common" is not a tenant id \(a GUID/);
  });

  it('says what was wrong', () => {
    expect(parse('')).toMatchObject({ kind: 'parseFailure', reason: 'empty' });
    expect(parse('subz contoso')).toMatchObject({ reason: 'unknown_command', suggestions: ['subs', 'sub'] });
    expect(parse('"help"')).toMatchObject({ reason: 'unknown_command' });
    expect(parse('buy contoso e3 five')).toMatchObject({ reason: 'bad_arguments', command: 'buy' });
    expect(failure('buy contoso e3 5 weekly')).toContain('not a term');
    expect(parse('seats abc +0')).toMatchObject({ reason: 'bad_arguments', command: 'seats' });
    expect(failure('seats abc 0')).toContain('cancel');
    expect(parse('buy x y 1000001')).toMatchObject({ reason: 'bad_arguments' });
    expect(failure('audit 2026-02-30')).toContain('not a calendar date');
    expect(failure('companies --page x')).toContain('--page');
    expect(failure(`companies ${'x'.repeat(3000)}`)).toContain('too long: 3,010 characters, and a command may have at most 2,000');
  });
});
