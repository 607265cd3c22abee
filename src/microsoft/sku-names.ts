/**
 * Display names of the common Microsoft 365 licences, by Graph `skuId`: a small table shipped with the
 * project (taken from Microsoft's "Product names and service plan identifiers for licensing" list).
 * A licence not in it is shown by its part number (`skuPartNumber`), or its id.
 */
const table: readonly (readonly [skuId: string, partNumber: string, displayName: string])[] = [
  ['3b555118-da6a-4418-894f-7df1e2096870', 'O365_BUSINESS_ESSENTIALS', 'Microsoft 365 Business Basic'],
  ['f245ecc8-75af-4f8e-b61f-27d8114de5f3', 'O365_BUSINESS_PREMIUM', 'Microsoft 365 Business Standard'],
  ['cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46', 'SPB', 'Microsoft 365 Business Premium'],
  ['cdd28e44-67e3-425e-be4c-737fab2899d3', 'O365_BUSINESS', 'Microsoft 365 Apps for business'],
  ['05e9a617-0261-4cee-bb44-138d3ef5d965', 'SPE_E3', 'Microsoft 365 E3'],
  ['06ebc4ee-1bb5-47dd-8120-11324bc54e06', 'SPE_E5', 'Microsoft 365 E5'],
  ['6fd2c87f-b296-42f0-b197-1e91e994b900', 'ENTERPRISEPACK', 'Office 365 E3'],
  ['c7df2760-2c81-4ef7-b578-5b5392b571df', 'ENTERPRISEPREMIUM', 'Office 365 E5'],
  ['4b9405b0-7788-4568-add1-99614e613b69', 'EXCHANGESTANDARD', 'Exchange Online (Plan 1)'],
  ['078d2b04-f1bd-4111-bbd4-b4b1b354cef4', 'AAD_PREMIUM', 'Microsoft Entra ID P1'],
  ['4ef96642-f096-40de-a3e9-d83fb2f90211', 'ATP_ENTERPRISE', 'Microsoft Defender for Office 365 (Plan 1)'],
  ['639dec6b-bb19-468b-871c-c5c441c4b0cb', 'Microsoft_365_Copilot', 'Microsoft 365 Copilot'],
  ['19ec0d23-8335-4cbd-94ac-6050e30712fa', 'EXCHANGEENTERPRISE', 'Exchange Online (Plan 2)'],
  ['f8a1db68-be16-40ed-86d5-cb42ce701560', 'POWER_BI_PRO', 'Power BI Pro'],
  ['c5928f49-12ba-48f7-ada3-0d743a3601d5', 'VISIOCLIENT', 'Visio Plan 2'],
  ['53818b1b-4a27-454b-8896-0dba576410e6', 'PROJECTPROFESSIONAL', 'Project Plan 3'],
  ['e43b5b99-8dfb-405f-9987-dc307f34bcbd', 'MCOEV', 'Microsoft Teams Phone Standard'],
  ['f30db892-07e9-47e9-837c-80727f46fd3d', 'FLOW_FREE', 'Microsoft Power Automate Free'],
];

const byId = new Map(table.map(([id, , name]) => [id, name]));
const byPart = new Map(table.map(([, part, name]) => [part.toUpperCase(), name]));

/** What a person calls the licence: its display name, else the part number Graph gives, else the id. */
export function skuDisplayName(sku: { readonly skuId: string; readonly skuPartNumber?: string | null | undefined }): string {
  return byId.get(sku.skuId.toLowerCase()) ?? (sku.skuPartNumber ? (byPart.get(sku.skuPartNumber.toUpperCase()) ?? sku.skuPartNumber) : sku.skuId);
}
