import { describe, expect, it } from 'vitest';
import { expandCard } from '../../src/cards/expand-card.ts';
import { toSlackMessage } from '../../src/cards/to-slack-message.ts';
import { collectInputValues, mrkdwnToHtml, renderBlock, renderMessage } from '../../src/console/public/render-block-kit.js';
import { markdownToHtml } from '../../src/console/public/render-markdown.js';
import { loadSamples } from '../cards/load-samples.ts';

describe('mrkdwnToHtml', () => {
  it('draws the formatting Slack supports', () => {
    expect(mrkdwnToHtml('*bold* _italic_ ~gone~ `code`')).toBe('<b>bold</b> <i>italic</i> <s>gone</s> <code>code</code>');
    expect(mrkdwnToHtml('<https://app.pax8.com/x|Open in Pax8>')).toBe('<a href="https://app.pax8.com/x" target="_blank" rel="noopener noreferrer">Open in Pax8</a>');
    expect(mrkdwnToHtml('hi <@U0ANN>')).toBe('hi <span class="mention">@U0ANN</span>');
    expect(mrkdwnToHtml('line 1\n> quoted')).toBe('line 1<br><blockquote>quoted</blockquote>');
  });

  it('keeps text inert: escaped entities, script and links to other schemes', () => {
    expect(mrkdwnToHtml('Smith &amp; Sons &lt;b&gt;')).toBe('Smith &amp; Sons &lt;b&gt;');
    expect(mrkdwnToHtml('<script>alert(1)</script>')).not.toContain('<script');
    expect(mrkdwnToHtml('<javascript:alert(1)|click>')).toBe('click');
    expect(mrkdwnToHtml('a "quote" \'here\'')).toBe('a &quot;quote&quot; &#39;here&#39;');
  });

  it('does not take snake_case words or file names for italics', () => {
    expect(mrkdwnToHtml('client_id and some_file_name')).toBe('client_id and some_file_name');
  });
});

describe('renderBlock', () => {
  it('draws every block type the bot emits', () => {
    expect(renderBlock({ type: 'header', text: { type: 'plain_text', text: 'Buy <3>' } })).toBe('<div class="sk-header">Buy &lt;3&gt;</div>');
    // The bot escapes plain_text too; Slack shows 'Smith & <Sons>', and so does the console.
    expect(renderBlock({ type: 'header', text: { type: 'plain_text', text: 'Smith &amp; &lt;Sons&gt;' } })).toBe('<div class="sk-header">Smith &amp; &lt;Sons&gt;</div>');
    expect(renderBlock({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'A &amp; B' }, action_id: 'x' }] })).toContain('>A &amp; B</button>');
    expect(renderBlock({ type: 'divider' })).toBe('<hr class="sk-divider">');
    const section = renderBlock({ type: 'section', text: { type: 'mrkdwn', text: '*Company*' }, fields: [{ type: 'mrkdwn', text: '*Seats*\n2' }] });
    expect(section).toContain('<b>Company</b>');
    expect(section).toContain('<div class="sk-field"><b>Seats</b><br>2</div>');
    expect(renderBlock({ type: 'context', elements: [{ type: 'mrkdwn', text: 'requested by _Tim_' }] })).toContain('<i>Tim</i>');
    const actions = renderBlock({ type: 'actions', block_id: 'pax8_actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Approve' }, action_id: 'approve', value: '{"requestId":"r1"}', style: 'primary' }] });
    expect(actions).toContain('class="sk-button sk-primary"');
    expect(actions).toContain('data-action-id="approve"');
    expect(actions).toContain('data-block-id="pax8_actions"');
    expect(actions).toContain('data-value="{&quot;requestId&quot;:&quot;r1&quot;}"');
    expect(renderBlock({ type: 'rich_text' })).toContain('sk-unsupported');
  });

  it('draws input blocks as form fields named by block and action id', () => {
    const input = renderBlock({ type: 'input', block_id: 'reason_input', optional: true, label: { type: 'plain_text', text: 'Reason' }, element: { type: 'plain_text_input', action_id: 'reason', multiline: true } });
    expect(input).toContain('<textarea class="sk-input" data-block-id="reason_input" data-action-id="reason" data-type="plain_text_input"');
    expect(input).toContain('(optional)');
    // The block is named on the field's label too, so an error for it is shown under the field.
    expect(input).toMatch(/^<label class="sk-input-block" data-block-id="reason_input">/);
    const select = renderBlock({ type: 'input', block_id: 'b', optional: false, label: { type: 'plain_text', text: 'Pick' }, element: { type: 'static_select', action_id: 'a', options: [{ text: { type: 'plain_text', text: 'Yes' }, value: 'yes' }] } });
    expect(select).toContain('<option value="yes">Yes</option>');
  });

  it.each(loadSamples())('draws every block of the Slack translation of $file', ({ name, data }) => {
    const html = renderMessage(toSlackMessage(expandCard(name, data, { viewer: { canDecide: true, isRequester: false } })));
    expect(html).not.toContain('sk-unsupported');
    expect(html).not.toMatch(/<script|on\w+=/i);
  });

  it('gives the pending approval card its Approve and Deny buttons', () => {
    const sample = loadSamples().find((s) => s.file === 'approvalRequest.pending-buy.json');
    if (!sample) throw new Error('no pending-buy sample');
    const html = renderMessage(toSlackMessage(expandCard(sample.name, sample.data, { viewer: { canDecide: true, isRequester: false } })));
    expect(html).toContain('data-action-id="approve"');
    expect(html).toContain('data-action-id="deny"');
  });
});

describe('collectInputValues', () => {
  it("shapes the modal's inputs as view_submission state values", () => {
    const values = collectInputValues([
      { dataset: { blockId: 'reason_input', actionId: 'reason', type: 'plain_text_input' }, value: 'too many seats' },
      { dataset: { blockId: 'detail__term', actionId: 'value', type: 'static_select' }, value: 'annual', selectedOptions: [{ value: 'annual', textContent: 'Annual' }] },
      { dataset: { blockId: 'detail__date', actionId: 'value', type: 'datepicker' }, value: '' },
    ]);
    expect(values).toEqual({
      reason_input: { reason: { type: 'plain_text_input', value: 'too many seats' } },
      detail__term: { value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Annual' }, value: 'annual' } } },
      detail__date: { value: { type: 'datepicker', selected_date: null } },
    });
  });
});

describe('markdownToHtml (Teams pane)', () => {
  it('draws the Adaptive Card markdown subset and nothing else', () => {
    expect(markdownToHtml('**Approved** by *Ann*')).toBe('<b>Approved</b> by <i>Ann</i>');
    expect(markdownToHtml('- one\n- two')).toBe('<ul><li>one</li><li>two</li></ul>');
    expect(markdownToHtml('[Pax8](https://app.pax8.com)')).toContain('href="https://app.pax8.com"');
    expect(markdownToHtml('[x](javascript:alert(1))')).not.toContain('href');
    expect(markdownToHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });
});
