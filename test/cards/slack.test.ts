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
