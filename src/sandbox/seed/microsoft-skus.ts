import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The sandbox's table of Microsoft 365 licences: Graph `skuId` ↔ `skuPartNumber` ↔ display name,
 * read from `microsoft-skus.csv` beside this file, and the key service plans of each SKU.
 *
 * Where it comes from: the rows are Microsoft's "Product names and service plan identifiers for
 * licensing" list (learn.microsoft.com, Entra ID licensing reference, columns
 * `Product_Display_Name,String_Id,GUID`), the same eighteen as `src/microsoft/sku-names.ts`: the
 * common Microsoft 365 SKUs, and six (Exchange Online Plan 2, Power BI Pro, Visio Plan 2, Project
 * Plan 3, Teams Phone Standard, Power Automate Free) the sandbox catalog sells or seeds. The service plan ids below are from the same
 * list's `Service_Plan_Name,Service_Plan_Id` columns; each SKU lists the plans that matter for
 * licence rules (Exchange, Teams, Office apps …), not all of them.
 *
 * The sandbox shares no code with the production client: this is the sandbox's own copy.
 */
export interface ServicePlan {
  servicePlanId: string;
  servicePlanName: string;
}

/** One licence SKU: its Graph id, part number, display name and key service plans. */
export interface SkuInfo {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
  servicePlans: readonly ServicePlan[];
}

/** Service plan name → id, for the plans the SKUs below name. */
export const servicePlanIds = {
  EXCHANGE_S_STANDARD: '9aaf7827-d63c-4b61-89c3-182f06f82e5c',
  EXCHANGE_S_ENTERPRISE: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
  TEAMS1: '57ff2da0-773e-42df-b2af-ffb7a2317929',
  MCOSTANDARD: '0feaeb32-d00e-4d66-bd5a-43b5b83db82c',
  MCOEV: '4828c8ec-dc2e-4779-b502-87ac9ce28ab7',
  SHAREPOINTSTANDARD: 'c7699d2e-19aa-44de-8edf-1736da088ca1',
  SHAREPOINTENTERPRISE: '5dbe027f-2339-4123-9542-606e4d348a72',
  SHAREPOINTWAC: 'e95bec33-7c88-4a70-8e19-b10bd9d0c014',
  OFFICE_BUSINESS: '094e7854-93fc-4d55-b2c0-3ab5369ebdc1',
  OFFICESUBSCRIPTION: '43de0ff5-c92c-492b-9116-175376d08c38',
  FORMS_PLAN_E1: '159f4cd6-e380-449f-a816-af1a9ef76344',
  INTUNE_A: 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5',
  AAD_PREMIUM: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
  AAD_PREMIUM_P2: 'eec0eb4f-6444-4f95-aba0-50c24d67f998',
  MFA_PREMIUM: '8a256a2b-b617-496d-b51b-e76466e88db0',
  ATP_ENTERPRISE: 'f20fedf3-f3c3-43c3-8267-2bfdd51c0939',
  BI_AZURE_P2: '70d33638-9c74-4d01-bfd3-562de28bd4ba',
  VISIO_CLIENT_SUBSCRIPTION: '663a804f-1c30-4ff0-9915-9db84f0d1cea',
  PROJECT_PROFESSIONAL: '818523f5-016b-4355-9be8-ed6944946ea7',
  PROJECT_CLIENT_SUBSCRIPTION: 'fafd7243-e5c1-4a3a-9e40-495efcb1d3c3',
  WIN10_PRO_ENT_SUB: '21b439ba-a0ca-424f-a6cc-52f954a5b111',
  M365_COPILOT_APPS: 'a62f8878-de10-42f3-b68f-6149a25ceb97',
  M365_COPILOT_TEAMS: 'b95945de-b3bd-46db-8437-f2beb6ea2347',
  M365_COPILOT_BUSINESS_CHAT: '3f30311c-6b1e-48a4-ab79-725b469da960',
  FLOW_P2_VIRAL: '50e68c76-46c6-4674-81f9-75456511b170',
  DYN365_CDS_VIRAL: '17ab22cd-a0b3-4536-910a-cb6eb12696c0',
} as const;

export type ServicePlanName = keyof typeof servicePlanIds;

const business: readonly ServicePlanName[] = ['EXCHANGE_S_STANDARD', 'MCOSTANDARD', 'TEAMS1', 'SHAREPOINTSTANDARD', 'SHAREPOINTWAC', 'FORMS_PLAN_E1'];
const enterprise: readonly ServicePlanName[] = ['EXCHANGE_S_ENTERPRISE', 'MCOSTANDARD', 'TEAMS1', 'SHAREPOINTENTERPRISE', 'SHAREPOINTWAC', 'OFFICESUBSCRIPTION'];

const plansByPartNumber: Readonly<Record<string, readonly ServicePlanName[]>> = {
  O365_BUSINESS_ESSENTIALS: business,
  O365_BUSINESS_PREMIUM: [...business, 'OFFICE_BUSINESS'],
  SPB: [...business, 'OFFICE_BUSINESS', 'INTUNE_A', 'AAD_PREMIUM', 'MFA_PREMIUM'],
  O365_BUSINESS: ['OFFICE_BUSINESS', 'SHAREPOINTWAC', 'FORMS_PLAN_E1'],
  SPE_E3: [...enterprise, 'INTUNE_A', 'AAD_PREMIUM', 'MFA_PREMIUM', 'WIN10_PRO_ENT_SUB'],
  SPE_E5: [...enterprise, 'INTUNE_A', 'AAD_PREMIUM', 'AAD_PREMIUM_P2', 'MFA_PREMIUM', 'WIN10_PRO_ENT_SUB', 'MCOEV', 'ATP_ENTERPRISE', 'BI_AZURE_P2'],
  ENTERPRISEPACK: enterprise,
  ENTERPRISEPREMIUM: [...enterprise, 'MCOEV', 'ATP_ENTERPRISE', 'BI_AZURE_P2'],
  EXCHANGESTANDARD: ['EXCHANGE_S_STANDARD'],
  EXCHANGEENTERPRISE: ['EXCHANGE_S_ENTERPRISE'],
  AAD_PREMIUM: ['AAD_PREMIUM', 'MFA_PREMIUM'],
  ATP_ENTERPRISE: ['ATP_ENTERPRISE'],
  Microsoft_365_Copilot: ['M365_COPILOT_APPS', 'M365_COPILOT_TEAMS', 'M365_COPILOT_BUSINESS_CHAT'],
  POWER_BI_PRO: ['BI_AZURE_P2'],
  VISIOCLIENT: ['VISIO_CLIENT_SUBSCRIPTION'],
  PROJECTPROFESSIONAL: ['PROJECT_PROFESSIONAL', 'PROJECT_CLIENT_SUBSCRIPTION'],
  MCOEV: ['MCOEV'],
  FLOW_FREE: ['FLOW_P2_VIRAL', 'DYN365_CDS_VIRAL'],
};

/**
 * Licence rules Graph enforces on direct assignment, by service plan: plans a user cannot hold
 * together (Exchange Online Plan 1 and Plan 2 mailboxes), and plans that need another plan first
 * (Teams Phone needs a Skype for Business Online / Teams base).
 */
export const mutuallyExclusivePlans: readonly (readonly [ServicePlanName, ServicePlanName])[] = [['EXCHANGE_S_STANDARD', 'EXCHANGE_S_ENTERPRISE']];
export const planPrerequisites: Readonly<Partial<Record<ServicePlanName, readonly ServicePlanName[]>>> = { MCOEV: ['MCOSTANDARD'] };

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const rowSchema = z.tuple([z.string().regex(/^[A-Za-z0-9_]+$/), guid, z.string().min(1)]);

function loadTable(): readonly SkuInfo[] {
  const text = readFileSync(new URL('./microsoft-skus.csv', import.meta.url), 'utf8');
  const [header, ...rows] = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (header !== 'skuPartNumber,skuId,displayName') throw new Error(`microsoft-skus.csv: unexpected header "${header ?? ''}"`);
  return rows.map((line, i) => {
    const parsed = rowSchema.safeParse(line.split(','));
    if (!parsed.success) throw new Error(`microsoft-skus.csv line ${i + 2} is not "partNumber,guid,name": ${line}`);
    const [skuPartNumber, skuId, displayName] = parsed.data;
    const servicePlans = (plansByPartNumber[skuPartNumber] ?? []).map((name) => ({ servicePlanId: servicePlanIds[name], servicePlanName: name }));
    return { skuId, skuPartNumber, displayName, servicePlans };
  });
}

/** Every SKU the sandbox knows, in the order of the table. */
export const microsoftSkus: readonly SkuInfo[] = loadTable();

const byPartNumber = new Map(microsoftSkus.map((s) => [s.skuPartNumber, s]));
const byId = new Map(microsoftSkus.map((s) => [s.skuId, s]));

/** The SKU of a part number; a missing one is a programming error in the catalog, so it throws. */
export function skuByPartNumber(partNumber: string): SkuInfo {
  const sku = byPartNumber.get(partNumber);
  if (!sku) throw new Error(`no SKU ${partNumber} in microsoft-skus.csv`);
  return sku;
}

/** The SKU of a Graph skuId (any case), if the table has it. */
export function skuById(skuId: string): SkuInfo | undefined {
  return byId.get(skuId.toLowerCase());
}
