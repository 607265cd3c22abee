/**
 * Every sample's Slack translation matches its committed snapshot and respects every Slack limit;
 * the approval card's Deny button becomes a modal built from the same card's reason input.
 */
import { describe, expect, it } from 'vitest';
import { approvalCardFor } from '../../src/cards/approval-card-for.ts';
import { expandCard } from '../../src/cards/expand-card.ts';
import { messageLimitViolations, modalLimitViolations } from '../../src/cards/slack-limit-violations.ts';
import { toSlackMessage } from '../../src/cards/to-slack-message.ts';
import { toSlackModal } from '../../src/cards/to-slack-modal.ts';
import { approvalRequestSchema } from '../../src/views/index.ts';
import { wireIds } from '../../src/wire-ids.ts';
import { loadSamples } from './load-samples.ts';

const approver = { canDecide: true, isRequester: false };

describe.each(loadSamples())('Slack message for $file', ({ name, data, file }) => {
  const message = toSlackMessage(expandCard(name, data, { viewer: approver }));

  it('respects every Slack limit and carries a text fallback', () => {
    expect(messageLimitViolations(message)).toEqual([]);
    expect(message.text.trim()).not.toBe('');
  });

  it('matches the Slack snapshot', async () => {
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot(`./__snapshots__/slack/${file}`);
  });
});

describe('Slack translation of the samples', () => {
  const byFile = new Map(loadSamples().map((s) => [s.file, s]));
  const load = (file: string) => {
    const sample = byFile.get(file);
    if (!sample) throw new Error(`no sample ${file}`);
    return toSlackMessage(expandCard(sample.name, sample.data, { viewer: approver }));
  };

  it('cuts a list too long for one message and says how much is shown', () => {
    const message = load('companyList.many.json');
    expect(message.blocks).toHaveLength(50);
    expect(JSON.stringify(message.blocks)).toMatch(/Showing \d+ of 100/);
    expect(message.blocks.at(-1)?.type).toBe('actions');
  });

  it('escapes user text so a name cannot mention or link', () => {
    const text = JSON.stringify(load('companyList.long-names.json').blocks);
    expect(text).toContain('&amp; &lt;Partners&gt;');
    expect(text).not.toContain('<Partners>');
  });

  it('gives approval buttons the verb as action_id and only ids as value', () => {
    const actions = load('approvalRequest.pending-buy.json').blocks.find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' && actions.elements.map((e) => [e.action_id, e.value])).toEqual([
      ['approve', JSON.stringify({ verb: 'approve', requestId: 'req_01HZX3K9', version: 1 })],
      ['deny', JSON.stringify({ verb: 'deny', requestId: 'req_01HZX3K9', version: 1 })],
    ]);
  });

  it('builds the deny modal from the approval card: reason input, deny as submit', () => {
    const sample = byFile.get('approvalRequest.pending-buy.json');
    const view = approvalRequestSchema.parse(sample?.data);
    const modal = toSlackModal(approvalCardFor(view, approver), { title: 'Deny request', submitVerb: wireIds.cardVerbs.deny });
    expect(modalLimitViolations(modal)).toEqual([]);
    expect(modal.callback_id).toBe('deny');
    expect(JSON.parse(modal.private_metadata)).toEqual({ verb: 'deny', requestId: 'req_01HZX3K9', version: 1 });
    expect(modal.submit?.text).toBe('Deny');
    const input = modal.blocks.find((b) => b.type === 'input');
    expect(input).toMatchObject({ block_id: 'reason', element: { type: 'plain_text_input', action_id: 'reason', multiline: true, max_length: 500 } });
    expect(JSON.stringify(modal.blocks)).not.toContain('"deny"');
  });

  it('fits a page of ten rows with three buttons each in one message, each row followed by its own buttons', () => {
    for (const file of ['subscriptionList.ten.json', 'requestList.approver.json']) {
      const { blocks } = load(file);
      expect(messageLimitViolations({ text: 'x', blocks }), file).toEqual([]);
      expect(JSON.stringify(blocks), file).not.toContain('Showing');
      const rows = blocks.slice(2, -1);
      expect(rows.map((b) => b.type), file).toEqual(Array.from({ length: 10 }, () => ['section', 'actions']).flat());
      const ids = blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.action_id) : []));
      expect(new Set(ids).size, file).toBe(ids.length);
      expect(blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ action_id: 'page' }] });
    }
    const subs = load('subscriptionList.ten.json').blocks.slice(2, -1).filter((b) => b.type === 'actions');
    expect(subs.map((b) => (b.type === 'actions' ? b.elements.map((e) => e.text.text) : []))).toEqual(Array.from({ length: 10 }, () => ['Details', 'Seats', 'Cancel']));
  });

  it('gives a row button only its verb and the command it runs, or the request id and version it decides', () => {
    const values = load('requestList.approver.json').blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => JSON.parse(e.value ?? '{}') as Record<string, unknown>) : []));
    for (const value of values) {
      expect(Object.keys(value).sort()).toEqual(value['verb'] === 'choose' ? ['command', 'verb'] : value['verb'] === 'page' ? ['command', 'page', 'verb'] : ['requestId', 'verb', 'version']);
    }
    // The requester's own request (the fifth row) offers no decision.
    const fifth = load('requestList.approver.json').blocks.slice(2, -1)[9];
    expect(fifth?.type === 'actions' && fifth.elements.map((e) => e.text.text)).toEqual(['Show card']);
  });

  it('turns the seats form into a modal with one number input, filled in with today’s seats', () => {
    const sample = byFile.get('seatsForm.json');
    const modal = toSlackModal(expandCard('seatsForm', sample?.data), { title: 'Change seats', submitVerb: wireIds.cardVerbs.submitSeats });
    expect(modalLimitViolations(modal)).toEqual([]);
    expect(modal.callback_id).toBe('submit_seats');
    expect(JSON.parse(modal.private_metadata)).toEqual({ verb: 'submit_seats', command: 'seats e99bb6ec-8fcf-4a27-8b0f-188b53b1a1f0' });
    expect(modal.blocks.filter((b) => b.type === 'input')).toEqual([
      {
        type: 'input',
        block_id: 'quantity',
        label: { type: 'plain_text', text: 'New number of seats', emoji: true },
        optional: false,
        element: { type: 'number_input', action_id: 'quantity', is_decimal_allowed: false, initial_value: '14', min_value: '1' },
      },
    ]);
    expect(modal.submit?.text).toBe('Request change');
  });

  it('turns the details form into a modal with one input per provisioning detail', () => {
    const sample = byFile.get('detailsForm.json');
    const modal = toSlackModal(expandCard('detailsForm', sample?.data), { title: 'Order details', submitVerb: wireIds.cardVerbs.submitDetails });
    expect(modalLimitViolations(modal)).toEqual([]);
    const inputs = modal.blocks.flatMap((b) => (b.type === 'input' ? [[b.block_id, b.element.type]] : []));
    expect(inputs).toEqual([
      ['detail__msCustExists', 'static_select'],
      ['detail__msDomain', 'plain_text_input'],
      ['detail__mca2020EffectiveDate', 'datepicker'],
    ]);
    // A detail that applies only for one answer of another is optional in the modal; a refused
    // answer is shown under its field, and a date that is no date leaves the picker empty.
    const optional = modal.blocks.flatMap((b) => (b.type === 'input' ? [[b.block_id, b.optional === true]] : []));
    expect(optional).toEqual([
      ['detail__msCustExists', false],
      ['detail__msDomain', true],
      ['detail__mca2020EffectiveDate', false],
    ]);
    expect(JSON.stringify(modal.blocks)).toContain('is not a date: use YYYY-MM-DD');
    expect(JSON.stringify(modal.blocks)).not.toContain('initial_date');
    expect(JSON.parse(modal.private_metadata)).toMatchObject({ verb: 'submit_details' });
  });
});
