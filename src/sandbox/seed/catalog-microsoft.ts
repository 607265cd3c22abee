import type { ProvisionField } from '../model.ts';
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

type MsRow = [name: string, sku: string, skuGuid: string, cost: number, price: number, weight: number, plan?: ProductSpec['plan']];

const rows: readonly MsRow[] = [
  ['Microsoft 365 Business Basic', 'MST-365-BBA-NCE', '3b555118-da6a-4418-894f-7df1e2096870', 5.1, 6, 10],
  ['Microsoft 365 Business Standard', 'MST-365-BST-NCE', 'f245ecc8-75af-4f8e-b61f-27d8114de5f3', 10.63, 12.5, 12],
  ['Microsoft 365 Business Premium', 'MST-365-BPR-NCE', 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46', 18.7, 22, 16, 'nce-3y'],
  ['Microsoft 365 E3', 'MST-365-EE3-NCE', '05e9a617-0261-4cee-bb44-138d3ef5d965', 30.6, 36, 6, 'nce-3y'],
  ['Microsoft 365 E5', 'MST-365-EE5-NCE', '06ebc4ee-1bb5-47dd-8120-11324bc54e06', 48.45, 57, 2],
  ['Office 365 E3', 'MST-O365-E3-NCE', '6fd2c87f-b296-42f0-b197-1e91e994b900', 19.55, 23, 4],
  ['Exchange Online (Plan 1)', 'MST-EXO-P1-NCE', '4b9405b0-7788-4568-add1-99614e613b69', 3.4, 4, 10],
  ['Exchange Online (Plan 2)', 'MST-EXO-P2-NCE', '19ec0d23-8335-4cbd-94ac-6050e30712fa', 6.8, 8, 2],
  ['Microsoft Entra ID P1', 'MST-ENT-P1-NCE', '078d2b04-f1bd-4111-bbd4-b4b1b354cef4', 5.1, 6, 3],
  ['Power BI Pro', 'MST-PBI-PRO-NCE', 'f8a1db68-be16-40ed-86d5-cb42ce701560', 8.5, 10, 3],
  ['Visio Plan 2', 'MST-VIS-P2-NCE', 'c5928f49-12ba-48f7-ada3-0d743a3601d5', 12.75, 15, 1],
  ['Project Plan 3', 'MST-PRJ-P3-NCE', '53818b1b-4a27-454b-8896-0dba576410e6', 25.5, 30, 1],
  ['Microsoft Teams Phone Standard', 'MST-TPH-STD-NCE', 'e43b5b99-8dfb-405f-9987-dc307f34bcbd', 6.8, 8, 2],
  ['Microsoft 365 Copilot', 'MST-365-COP-NCE', '639dec6b-bb19-468b-871c-c5c441c4b0cb', 25.5, 30, 1],
];

/** Microsoft new-commerce products and the Azure plan, with list-like prices in USD. */
export const microsoftCatalog: readonly ProductSpec[] = [
  ...rows.map(([name, sku, skuGuid, cost, price, weight, plan]): ProductSpec => ({
    name,
    vendorName: 'Microsoft',
    shortDescription: `${name} (NCE). Monthly and annual commitment terms.`,
    sku,
    vendorSku: skuGuid.toUpperCase(),
    skuGuid,
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
