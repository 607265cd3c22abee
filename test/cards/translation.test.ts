/** Unit tests of the pieces: markdown conversion, expansion checks, list cutting, per-viewer buttons. */
import { describe, expect, it } from 'vitest';
import type { AdaptiveCard } from '../../src/cards/adaptive-card.ts';
import { approvalCardFor } from '../../src/cards/approval-card-for.ts';
import { CardExpansionError } from '../../src/cards/card-expansion-error.ts';
import { expandCard, unresolvedBindings } from '../../src/cards/expand-card.ts';
import { escapeMrkdwn, toMrkdwn, toSlackPlainText, truncate, truncateMrkdwn } from '../../src/cards/mrkdwn.ts';
import { messageLimitViolations } from '../../src/cards/slack-limit-violations.ts';
import { toSlackMessage } from '../../src/cards/to-slack-message.ts';
import { cardActions } from '../../src/cards/walk-card.ts';
import { approvalRequestSchema } from '../../src/views/index.ts';
import { loadSamples } from './load-samples.ts';

describe('mrkdwn', () => {
  it('converts Adaptive Card markdown to Slack mrkdwn', () => {
    expect(toMrkdwn('**bold** and *italic*')).toBe('*bold* and _italic_');
    expect(toMrkdwn('see [the docs](https://x.example/a?b=1&c=2)')).toBe('see <https://x.example/a?b=1&amp;c=2|the docs>');
    expect(toMrkdwn('- one\n- two')).toBe('• one\n• two');
    expect(toMrkdwn('# Title')).toBe('*Title*');
  });

  it('escapes user text so it cannot mention, link or format', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(toMrkdwn('Contoso <Ltd> & Co')).toBe('Contoso &lt;Ltd&gt; &amp; Co');
  });

  it('links only to web and mail addresses: any other target would be a live mention', () => {
    expect(toMrkdwn('[click](!channel) [x](@U0ADMIN) [y](#C1) [z](javascript:x)')).toBe('click x y z');
    expect(toMrkdwn('[docs](https://x.example) [mail](mailto:a@b.example)')).toBe('<https://x.example|docs> <mailto:a@b.example|mail>');
  });

  it('makes plain text for Slack escaped too, cut by its escaped length and never inside an entity', () => {
    expect(toSlackPlainText('**Ping** <!channel> &\n<@U0ADMIN>', 100)).toBe('Ping &lt;!channel&gt; &amp; &lt;@U0ADMIN&gt;');
    expect(toSlackPlainText('<<<<<<<<', 10)).toBe('&lt;&lt;…');
    expect(toSlackPlainText('a&b', 4)).toBe('a…');
  });

  it('truncates with an ellipsis without splitting entities, links or surrogate pairs', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncateMrkdwn('x &amp; y', 5)).toBe('x …');
    expect(truncateMrkdwn('see <https://example.com|docs>', 12)).toBe('see …');
  });
});

describe('expandCard', () => {
  it('shows data that looks like a template binding exactly as it is written, on Teams and in Slack', () => {
    const view = loadSamples().find((sample) => sample.file === 'companyDetail.json')?.data as { company: { name: string } };
    const named = { ...view, company: { ...view.company, name: 'Acme ${request.id} ${$root} {{x}}' } };
    const card = expandCard('companyDetail', named);
    expect(JSON.stringify(card)).toContain('Acme ${request.id} ${$root} {{x}}');
    expect(JSON.stringify(card)).not.toContain('\uE000');
    expect(JSON.stringify(toSlackMessage(card))).toContain('Acme ${request.id} ${$root} {{x}}');
    const error = expandCard('error', { kind: 'error', code: 'bad_input', message: '"${process.env.PAX8_CLIENT_SECRET}" is not a command.', usage: null, examples: [] });
    expect(JSON.stringify(error)).toContain('${process.env.PAX8_CLIENT_SECRET}');
  });

  const pending = loadSamples().find((s) => s.file === 'approvalRequest.pending-buy.json');
  const view = approvalRequestSchema.parse(pending?.data);

  it('refuses data that does not match the view contract', () => {
    const { summary: _dropped, ...withoutSummary } = view.request;
    expect(() => expandCard('approvalRequest', { ...view, request: withoutSummary })).toThrow(CardExpansionError);
  });

  it('finds every binding left unresolved', () => {
    expect(unresolvedBindings({ body: [{ text: 'a ${missing}' }, { text: 'ok' }] })).toEqual(['$.body[0].text: a ${missing}']);
  });

  it('shows Approve and Deny only to someone who may decide, Cancel only to the requester', () => {
    const verbs = (viewer: { canDecide: boolean; isRequester: boolean }) =>
      cardActions(approvalCardFor(view, viewer)).map((a) => (a.type === 'Action.Execute' ? a.verb : a.type));
    expect(verbs({ canDecide: false, isRequester: false })).toEqual([]);
    expect(verbs({ canDecide: true, isRequester: false })).toEqual(['approve', 'deny']);
    expect(verbs({ canDecide: false, isRequester: true })).toEqual(['cancel_request']);
  });

  it('shows no buttons once the request is decided, whoever looks', () => {
    const approved = { ...view, request: { ...view.request, state: 'approved' as const } };
    expect(cardActions(approvalCardFor(approved, { canDecide: true, isRequester: true }))).toEqual([]);
  });

  it('asks Teams to refresh the read-only card for the given users while pending', () => {
    const card = approvalCardFor(view, { canDecide: false, isRequester: false }, { refresh: { verb: 'refresh', userIds: ['29:ann', '29:bob'] } });
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'refresh', data: { verb: 'refresh', requestId: 'req_01HZX3K9', version: 1 } },
      userIds: ['29:ann', '29:bob'],
    });
  });
});

describe('Slack fitting', () => {
  const row = (i: number) => ({ type: 'TextBlock' as const, text: `row ${i}` });
  const card = (rows: number): AdaptiveCard => ({
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'Title', style: 'heading' }, { type: 'Container', id: 'list:rows', items: Array.from({ length: rows }, (_, i) => row(i)) }],
    actions: [{ type: 'Action.Execute', title: 'Next', verb: 'page', data: { command: 'companies', page: 2 } }],
  });

  it('keeps a list that fits whole, without a note', () => {
    const { blocks } = toSlackMessage(card(10));
    expect(blocks).toHaveLength(12);
    expect(JSON.stringify(blocks)).not.toContain('Showing');
  });

  it('cuts a long list to the first entries, keeps the buttons and says "Showing N of M"', () => {
    const { blocks } = toSlackMessage(card(200));
    expect(blocks).toHaveLength(50);
    expect(blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'row 0' } });
    expect(blocks.at(-2)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Showing 47 of 200' }] });
    expect(blocks.at(-1)?.type).toBe('actions');
  });

  it('gives every button of a message its own action_id, rows of one verb included, and the check finds a repeat', () => {
    const row = (i: number) => ({
      type: 'Container' as const,
      items: [
        { type: 'TextBlock' as const, text: `row ${i}` },
        { type: 'ActionSet' as const, actions: [{ type: 'Action.Execute' as const, title: 'Details', verb: 'choose', data: { command: `sub ${i}` } }] },
      ],
    });
    const card: AdaptiveCard = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Container', id: 'list:rows', items: [row(1), row(2), row(3)] }] };
    const message = toSlackMessage(card);
    const ids = message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.action_id) : []));
    expect(ids).toEqual(['choose', 'choose#2', 'choose#3']);
    expect(messageLimitViolations(message)).toEqual([]);
    const repeated = { ...message, blocks: message.blocks.map((b) => (b.type === 'actions' ? { ...b, elements: b.elements.map((e) => ({ ...e, action_id: 'choose' })) } : b)) };
    expect(messageLimitViolations(repeated)).toEqual(['action_id used more than once: choose']);
  });

  it('splits facts into sections of at most 10 fields', () => {
    const facts = Array.from({ length: 23 }, (_, i) => ({ title: `t${i}`, value: `v${i}` }));
    const { blocks } = toSlackMessage({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'FactSet', facts }] });
    expect(blocks.map((b) => (b.type === 'section' ? b.fields?.length : 0))).toEqual([10, 10, 3]);
  });
});
