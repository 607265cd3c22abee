import { describe, expect, it } from 'vitest';
import { checkProvisioning } from '../../src/intents/provisioning.ts';
import type { ProvisioningDetail } from '../../src/pax8/index.ts';

const custExists: ProvisioningDetail = {
  key: 'msCustExists',
  label: 'Existing Microsoft account?',
  valueType: 'Single-Value',
  possibleValues: ['No, the customer does not have a Microsoft account', 'Yes, the customer has and can log into their Microsoft account'],
};
const regions: ProvisioningDetail = { key: 'regions', label: 'Regions', valueType: 'Multi-Value', possibleValues: ['EU', 'US', 'Asia, Pacific'] };

describe('checkProvisioning', () => {
  it('takes a choice containing a comma whole, as a card submits it', () => {
    const result = checkProvisioning([custExists], { msCustExists: ['No, the customer does not have a Microsoft account'] });
    expect(result).toEqual({ values: [{ key: 'msCustExists', values: ['No, the customer does not have a Microsoft account'] }], missing: [] });
  });

  it('still takes a single choice by its first word', () => {
    expect(checkProvisioning([custExists], { msCustExists: ['yes'] }).values[0]?.values).toEqual(['Yes, the customer has and can log into their Microsoft account']);
  });

  it('splits a comma-separated Multi-Value answer, but keeps an option that contains a comma', () => {
    expect(checkProvisioning([regions], { regions: ['eu,us'] }).values).toEqual([{ key: 'regions', values: ['EU', 'US'] }]);
    expect(checkProvisioning([regions], { regions: ['Asia, Pacific'] }).values).toEqual([{ key: 'regions', values: ['Asia, Pacific'] }]);
  });

  it('names an answer that is not one of the options', () => {
    const result = checkProvisioning([custExists], { msCustExists: ['maybe'] });
    expect(result.values).toEqual([]);
    expect(result.missing[0]?.problem).toMatch(/^must be one of: No, the customer/);
  });
});
