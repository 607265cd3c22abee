import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { entraTokenReason } from '../../src/microsoft/errors.ts';
import { graphErrorReason, type GraphErrorReason } from '../../src/microsoft/graph-error-reason.ts';
import { collectionSchema } from '../../src/microsoft/schemas/common.ts';
import { parseEntraErrorBody, parseGraphErrorBody } from '../../src/microsoft/schemas/error.ts';
import { assignLicenseBodySchema, directorySubscriptionSchema, subscribedSkuSchema } from '../../src/microsoft/schemas/licensing.ts';
import { organizationCollectionSchema } from '../../src/microsoft/schemas/organization.ts';
import { newUserBodySchema, userSchema } from '../../src/microsoft/schemas/user.ts';

const dir = join(import.meta.dirname, '..', 'reference', 'microsoft');
const text = (file: string): string => readFileSync(join(dir, file), 'utf8');

/** Each body and the schema the client reads it with (or, for request bodies, writes it with). */
const schemaFor: Record<string, z.ZodType> = {
  'subscribedSkus.json': collectionSchema(subscribedSkuSchema),
  'directory-subscriptions.json': collectionSchema(directorySubscriptionSchema),
  'organization.json': organizationCollectionSchema,
  'user-create.request.json': newUserBodySchema,
  'user-create.response.json': userSchema,
  'assign-license.request.json': assignLicenseBodySchema,
};

/** Graph error bodies, each with its status and the reason the client must give it. */
const graphErrors: Record<string, { status: number; reason: GraphErrorReason | 'throttled' }> = {
  'error-no-available-licenses.json': { status: 400, reason: 'no_free_license' },
  'error-usage-location.json': { status: 400, reason: 'invalid_usage_location' },
  'error-user-exists.json': { status: 400, reason: 'upn_taken' },
  'error-throttled.json': { status: 429, reason: 'throttled' },
};

describe('Microsoft Graph and Entra ID reference bodies', () => {
  const files = readdirSync(dir).filter((file) => file.endsWith('.json'));

  it('every file is mapped', () => {
    const mapped = new Set([...Object.keys(schemaFor), ...Object.keys(graphErrors), 'error-not-consented.json']);
    expect(files.filter((file) => !mapped.has(file))).toEqual([]);
    expect([...mapped].filter((file) => !files.includes(file))).toEqual([]);
  });

  it.each(Object.entries(schemaFor))('%s parses with its schema', (file, schema) => {
    const parsed = schema.safeParse(JSON.parse(text(file)));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('reads what the client relies on from the samples', () => {
    const skus = collectionSchema(subscribedSkuSchema).parse(JSON.parse(text('subscribedSkus.json'))).value;
    expect(skus.map((sku) => [sku.skuPartNumber, sku.prepaidUnits.enabled - sku.consumedUnits, sku.capabilityStatus])).toEqual([
      ['ENTERPRISEPREMIUM', 11, 'Enabled'],
      ['CRMSTANDARD', -14, 'Suspended'],
    ]);
    const organization = organizationCollectionSchema.parse(JSON.parse(text('organization.json'))).value[0];
    expect(organization?.verifiedDomains.find((domain) => domain.isDefault)?.name).toBe('contoso.com');
    const subscription = collectionSchema(directorySubscriptionSchema).parse(JSON.parse(text('directory-subscriptions.json'))).value[0];
    expect([subscription?.commerceSubscriptionId, subscription?.skuId, subscription?.totalLicenses]).toEqual(['4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f', '6fd2c87f-b296-42f0-b197-1e91e994b900', 25]);
  });

  it.each(Object.entries(graphErrors))('%s is read and classified on its code', (file, expected) => {
    const body = parseGraphErrorBody(text(file));
    expect(body?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    if (expected.reason === 'throttled') {
      expect([body?.code, body?.innerCode]).toEqual(['activityLimitReached', 'throttledRequest']);
    } else {
      expect(body?.code).toBe('Request_BadRequest');
      expect(graphErrorReason(expected.status, body)).toBe(expected.reason);
    }
  });

  it('the not-consented token answer is AADSTS700016', () => {
    const body = parseEntraErrorBody(text('error-not-consented.json'));
    expect([body?.error, body?.aadsts, entraTokenReason(body?.aadsts)]).toEqual(['unauthorized_client', 700016, 'not_consented']);
  });

  it('the strict request schemas refuse a field Graph does not take', () => {
    const user = JSON.parse(text('user-create.request.json')) as Record<string, unknown>;
    expect(newUserBodySchema.safeParse({ ...user, mobilePhone: '+1 555 0100' }).success).toBe(false);
    const assign = JSON.parse(text('assign-license.request.json')) as Record<string, unknown>;
    expect(assignLicenseBodySchema.safeParse({ addLicenses: assign['addLicenses'] }).success).toBe(false);
  });
});
