import { describe, expect, it } from 'vitest';
import { checkProvisioning, detailsFormProblems } from '../../src/intents/provisioning.ts';
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

describe('what applies when, and what each answer must look like', () => {
  const domain: ProvisioningDetail = { key: 'msDomain', label: 'Domain prefix', valueType: 'Input', possibleValues: [] };
  const tenantId: ProvisioningDetail = { key: 'msTenantId', label: 'Tenant id', valueType: 'Input', possibleValues: [] };
  const date: ProvisioningDetail = { key: 'mca2020EffectiveDate', label: 'Date of Acceptance', valueType: 'Input', description: '(YYYY-MM-DD)', possibleValues: [] };
  const email: ProvisioningDetail = { key: 'mca2020Email', label: 'Email Address', valueType: 'Input', possibleValues: [] };
  const microsoft = [custExists, domain, tenantId, date, email];
  const keys = (r: { missing: { detail: ProvisioningDetail }[] }) => r.missing.map((m) => m.detail.key);

  it('asks a new customer for the domain prefix and an existing one for the tenant id, never both', () => {
    const existing = checkProvisioning(microsoft, { msCustExists: ['yes'], msTenantId: ['6f1c2b7e-1d0a-4c43-9b8a-0c1d2e3f4a5b'], msDomain: ['ignored'] });
    expect(existing.values.map((v) => v.key)).toEqual(['msCustExists', 'msTenantId']);
    expect(keys(existing)).toEqual(['mca2020EffectiveDate', 'mca2020Email']);
    const fresh = checkProvisioning(microsoft, { msCustExists: ['no'] });
    expect(keys(fresh)).toEqual(['msDomain', 'mca2020EffectiveDate', 'mca2020Email']);
    expect(fresh.missing[0]?.appliesWhen).toBeNull();
  });

  it('asks both, each marked with when it applies, while the customer question is open', () => {
    const open = checkProvisioning(microsoft, {});
    expect(keys(open)).toEqual(['msCustExists', 'msDomain', 'msTenantId', 'mca2020EffectiveDate', 'mca2020Email']);
    expect(open.missing.map((m) => m.appliesWhen)).toEqual([null, 'for a new Microsoft customer (msCustExists=no)', 'for an existing Microsoft customer (msCustExists=yes)', null, null]);
  });

  it('refuses a date that is not YYYY-MM-DD or not in the calendar, an e-mail without a domain, and a tenant id that is no GUID', () => {
    const result = checkProvisioning(microsoft, { msCustExists: ['yes'], msTenantId: ['contoso'], mca2020EffectiveDate: ['29/11/2026'], mca2020Email: ['cara@'] });
    expect(result.missing.map((m) => [m.detail.key, m.value, m.problem])).toEqual([
      ['msTenantId', 'contoso', 'must be the tenant id, a GUID like 00000000-0000-0000-0000-000000000000'],
      ['mca2020EffectiveDate', '29/11/2026', '"29/11/2026" is not a date: use YYYY-MM-DD, e.g. 2026-11-29'],
      ['mca2020Email', 'cara@', '"cara@" is not an e-mail address'],
    ]);
    expect(checkProvisioning([date], { mca2020EffectiveDate: ['2026-02-30'] }).missing[0]?.problem).toMatch(/is not a date/);
  });

  it('takes a domain typed with .onmicrosoft.com as its prefix', () => {
    expect(checkProvisioning([domain], { msDomain: ['Contoso.onmicrosoft.com'] }).values).toEqual([{ key: 'msDomain', values: ['Contoso'] }]);
  });

  it('lets a form close only without problems in what it asked, and not for a detail that does not apply yet', () => {
    const fields = [custExists, domain, tenantId].map((d) => ({ key: d.key, label: d.label ?? d.key, description: null, valueType: d.valueType ?? null, possibleValues: d.possibleValues ?? [] }));
    expect(detailsFormProblems(fields, {})).toEqual({ msCustExists: 'Existing Microsoft account? is needed to order' });
    expect(detailsFormProblems(fields, { msCustExists: 'No, the customer does not have a Microsoft account' })).toEqual({ msDomain: 'Domain prefix is needed to order' });
    expect(detailsFormProblems(fields, { msCustExists: 'No, the customer does not have a Microsoft account', msDomain: 'contoso' })).toEqual({});
  });
});
