import { describe, expect, it } from 'vitest';
import { readInvokeAnswer } from '../../src/console/console-actions.ts';

describe('readInvokeAnswer', () => {
  it('takes a card, a message and an error the way Teams shows them', () => {
    const card = { type: 'AdaptiveCard', version: '1.5', body: [] };
    expect(readInvokeAnswer(200, { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card })).toEqual({ status: 200, card });
    expect(readInvokeAnswer(200, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'You have already voted.' })).toEqual({ status: 200, message: 'You have already voted.' });
    expect(readInvokeAnswer(400, { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'not an action this bot sent' } })).toEqual({ status: 400, error: 'not an action this bot sent' });
  });

  it('says so when the bot answered something else with a failure, and nothing for an empty success', () => {
    expect(readInvokeAnswer(500, 'Internal Server Error')).toEqual({ status: 500, error: 'The bot could not take this (HTTP 500).' });
    expect(readInvokeAnswer(400, { statusCode: 400, type: 'application/vnd.microsoft.error', value: 'no shape' })).toEqual({ status: 400, error: 'The bot could not take this (HTTP 400).' });
    expect(readInvokeAnswer(200, undefined)).toEqual({ status: 200 });
  });
});
