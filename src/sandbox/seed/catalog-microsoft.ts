import type { ProvisionField } from '../model.ts';
import { createPrng, hashSeed } from '../prng.ts';
import { skuByPartNumber } from './microsoft-skus.ts';
import type { ProductSpec } from './product-spec.ts';

const custExistsNo = 'No, the customer does not have a Microsoft account';
const custExistsYes = 'Yes, the customer has and can log into their Microsoft account';

/** The provisioning questions Pax8 asks for Microsoft 365 (samples/partner-microsoft-office-365-e3-details.json). */
export const microsoftProvisioning: readonly ProvisionField[] = [
  {
    label: 'Does the customer have an existing Microsoft account and can they log into https://login.microsoftonline.com?',
    key: 'msCustExists',
    valueType: 'Single-Value',
    possibleValues: [custExistsNo, custExistsYes],
  },
  {
    label: 'Desired .onmicrosoft.com Customer Domain Prefix',
    key: 'msDomain',
    valueType: 'Input',
    description: 'Do not include the TLD when entering your domain (e.g. mydomain.onmicrosoft.com should be entered as mydomain',
    requiredWhen: { key: 'msCustExists', value: custExistsNo },
    pattern: /^[a-z0-9][a-z0-9-]{1,62}$/i,
  },
  {
    label: 'Microsoft Customer Tenant ID',
    key: 'msTenantId',
    valueType: 'Input',
    requiredWhen: { key: 'msCustExists', value: custExistsYes },
    pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  },
  { label: 'First Name', key: 'mca2020FirstName', valueType: 'Input' },
  { label: 'Last Name', key: 'mca2020LastName', valueType: 'Input' },
  { label: 'Email Address', key: 'mca2020Email', valueType: 'Input', pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/ },
  { label: 'Date of Acceptance', key: 'mca2020EffectiveDate', valueType: 'Input', description: '(YYYY-MM-DD)', pattern: /^\d{4}-\d{2}-\d{2}$/ },
];

type MsRow = [name: string, sku: string, partNumber: string, cost: number, price: number, weight: number, plan?: ProductSpec['plan']];

/** `partNumber` names the Graph SKU (microsoft-skus.csv): the `skuId` a tenant shows for the product. */
const rows: readonly MsRow[] = [
  ['Microsoft 365 Business Basic', 'MST-365-BBA-NCE', 'O365_BUSINESS_ESSENTIALS', 5.1, 6, 10],
  ['Microsoft 365 Business Standard', 'MST-365-BST-NCE', 'O365_BUSINESS_PREMIUM', 10.63, 12.5, 12],
  ['Microsoft 365 Business Premium', 'MST-365-BPR-NCE', 'SPB', 18.7, 22, 16, 'nce-3y'],
  ['Microsoft 365 E3', 'MST-365-EE3-NCE', 'SPE_E3', 30.6, 36, 6, 'nce-3y'],
  ['Microsoft 365 E5', 'MST-365-EE5-NCE', 'SPE_E5', 48.45, 57, 2],
  ['Office 365 E3', 'MST-O365-E3-NCE', 'ENTERPRISEPACK', 19.55, 23, 4],
  ['Exchange Online (Plan 1)', 'MST-EXO-P1-NCE', 'EXCHANGESTANDARD', 3.4, 4, 10],
  ['Exchange Online (Plan 2)', 'MST-EXO-P2-NCE', 'EXCHANGEENTERPRISE', 6.8, 8, 2],
  ['Microsoft Entra ID P1', 'MST-ENT-P1-NCE', 'AAD_PREMIUM', 5.1, 6, 3],
  ['Power BI Pro', 'MST-PBI-PRO-NCE', 'POWER_BI_PRO', 8.5, 10, 3],
  ['Visio Plan 2', 'MST-VIS-P2-NCE', 'VISIOCLIENT', 12.75, 15, 1],
  ['Project Plan 3', 'MST-PRJ-P3-NCE', 'PROJECTPROFESSIONAL', 25.5, 30, 1],
  ['Microsoft Teams Phone Standard', 'MST-TPH-STD-NCE', 'MCOEV', 6.8, 8, 2],
  ['Microsoft 365 Copilot', 'MST-365-COP-NCE', 'Microsoft_365_Copilot', 25.5, 30, 1],
];

/**
 * Pax8's vendor ids of a Microsoft product are Partner Center ids, NOT the Graph `skuId` (a client
 * finds that as `vendorSkuId` on `GET /subscriptions/{id}`): `vendorSku` is the new-commerce product
 * and SKU id (`CFQ7TTC0XXXX:0001`), `altVendorSku` the deprecated legacy offer GUID. Both are stable
 * per part number.
 */
function legacyOfferId(partNumber: string): string {
  return createPrng(hashSeed('partner-center-offer', partNumber)).uuid().toUpperCase();
}

function nceProductId(partNumber: string): string {
  const code = hashSeed('nce-product', partNumber).toString(36).toUpperCase().padStart(4, '0').slice(-4);
  return `CFQ7TTC0${code}:0001`;
}

/** Microsoft new-commerce products and the Azure plan, with list-like prices in USD. */
export const microsoftCatalog: readonly ProductSpec[] = [
  ...rows.map(([name, sku, partNumber, cost, price, weight, plan]): ProductSpec => ({
    name,
    vendorName: 'Microsoft',
    shortDescription: `${name} (NCE). Monthly and annual commitment terms.`,
    sku,
    vendorSku: nceProductId(partNumber),
    ...(weight > 5 ? { altVendorSku: legacyOfferId(partNumber) } : {}),
    skuGuid: skuByPartNumber(partNumber).skuId,
    unitOfMeasure: 'User',
    cost,
    price,
    plan: plan ?? 'nce',
    provision: microsoftProvisioning,
    weight,
    ...(name === 'Microsoft Teams Phone Standard' ? { addOnOf: 'Microsoft 365 E3' } : {}),
    ...(name === 'Microsoft 365 Business Premium' ? { hasTrial: true } : {}),
  })),
  {
    name: 'Microsoft Azure Plan',
    vendorName: 'Microsoft',
    shortDescription: 'Pay-as-you-go Azure consumption, billed in arrears.',
    sku: 'MST-AZR-PLAN',
    vendorSku: '{"skuId":1,"productId":"DZH318Z0BPS6"}',
    unitOfMeasure: 'Usage',
    cost: 0,
    price: 0,
    plan: 'usage',
    provision: microsoftProvisioning,
    weight: 3,
  },
];
