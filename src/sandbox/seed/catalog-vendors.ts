import type { ProvisionField } from '../model.ts';
import type { ProductSpec } from './product-spec.ts';

const adminEmail: ProvisionField = {
  key: 'adminEmail',
  label: 'Administrator Email',
  valueType: 'Input',
  description: 'The email address of the customer administrator',
  pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
};
const region: ProvisionField = {
  key: 'dataCenterRegion',
  label: 'Data Center Region',
  valueType: 'Single-Value',
  possibleValues: ['US', 'EU', 'CA', 'AU'],
};
const features: ProvisionField = {
  key: 'enabledFeatures',
  label: 'Features to enable',
  valueType: 'Multi-Value',
  possibleValues: ['Email Encryption', 'Data Loss Prevention', 'Archiving', 'Social Media Protection'],
};

type Row = [vendor: string, name: string, sku: string, unit: string, cost: number, price: number, plan: ProductSpec['plan'], weight: number, provision: readonly ProvisionField[]];

const rows: readonly Row[] = [
  ['Acronis', 'Acronis Cyber Protect Cloud - Per Workload', 'ACR-CPC-WKL', 'Workload', 2.1, 3.5, 'monthly', 5, [region]],
  ['Acronis', 'Acronis Cyber Protect Cloud - Backup Storage (GB)', 'ACR-CPC-STG', 'GB', 0.04, 0.07, 'monthly', 2, [region]],
  ['Datto', 'Datto SaaS Protection for Microsoft 365', 'DAT-SAS-M365', 'Seat', 2.5, 4, 'monthly-annual', 5, [adminEmail]],
  ['Datto', 'Datto RMM', 'DAT-RMM-DEV', 'Device', 3, 5, 'monthly', 2, [adminEmail]],
  ['Sophos', 'Sophos Intercept X Advanced for Server', 'SOP-IXA-SRV', 'Server', 4.6, 7.5, 'monthly', 2, [region]],
  ['Sophos', 'Sophos Central Intercept X Advanced', 'SOP-IXA-EPT', 'Endpoint', 2.2, 3.75, 'monthly', 5, [region]],
  ['Keeper Security', 'Keeper Business', 'KPR-BUS-USR', 'User', 2.75, 3.75, 'monthly-annual', 4, [adminEmail]],
  ['Keeper Security', 'Keeper Enterprise', 'KPR-ENT-USR', 'User', 3.75, 5, 'monthly-annual', 1, [adminEmail]],
  ['Proofpoint', 'Proofpoint Essentials - Professional', 'PPT-ESS-PRO', 'User', 3.1, 4.9, 'monthly', 3, [features]],
  ['Proofpoint', 'Proofpoint Essentials - Advanced', 'PPT-ESS-ADV', 'User', 2.2, 3.6, 'monthly', 2, [features]],
  ['Adobe', 'Adobe Acrobat Pro for teams', 'ADB-ACR-PRO', 'License', 19.2, 23.99, 'monthly-annual', 2, [adminEmail]],
  ['Dropsuite', 'Dropsuite Microsoft 365 Backup', 'DRS-M365-BKP', 'User', 1.6, 2.5, 'monthly', 2, []],
  ['SentinelOne', 'SentinelOne Singularity Complete', 'S1-SNG-CMP', 'Endpoint', 4.9, 7, 'monthly', 2, [region]],
  // Last, and never seeded (weight 0), so the seeded data stays as it was: bought in tests and demos.
  ['SentinelOne', 'SentinelOne Singularity Complete - 1-Year Commitment', 'S1-SNG-CMP-1Y', 'Endpoint', 4.2, 6.5, 'annual-early-exit', 0, [region]],
  // After it, weight 0 too: bought once and billed once, seeded for a few companies by the invoice seed.
  ['BitTitan', 'MigrationWiz - User Migration Bundle', 'BTN-MWZ-UMB', 'User', 12, 15, 'one-time', 0, [adminEmail]],
];

/**
 * Other vendors' products: month to month, some with an annual option and volume tiers, one a 1-year
 * commitment that may end early against a fee, and a one-time migration bundle that Pax8 invoices
 * without a subscription id.
 */
export const vendorCatalog: readonly ProductSpec[] = rows.map(([vendorName, name, sku, unit, cost, price, plan, weight, provision]) => ({
  name,
  vendorName,
  shortDescription: `${name} from ${vendorName}, billed per ${unit.toLowerCase()}.`,
  sku,
  vendorSku: `${sku}-V`,
  unitOfMeasure: unit,
  cost,
  price,
  plan,
  provision,
  weight,
  ...(vendorName === 'Acronis' ? { volumeTiers: true } : {}),
  ...(vendorName === 'BitTitan' ? { billedWithoutSubscriptionId: true } : {}),
}));
