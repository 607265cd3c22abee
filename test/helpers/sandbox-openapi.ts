import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;
type Schema = Json;

const specUrl = new URL('../reference/pax8/openapi/partner-endpoints.json', import.meta.url);

/** The OpenAPI document, as Pax8 publishes it. */
export function loadPartnerSpec(): Json {
  return JSON.parse(readFileSync(specUrl, 'utf8')) as Json;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * OpenAPI 3.0 schema object → JSON Schema for ajv: `nullable` becomes a null type, refs point into
 * one registered document, documentation-only keywords go, and — wire correction — `required`
 * lists are dropped: they describe what a client sends, not what the API returns (WIRE-NOTES:
 * Pax8's own Company list example omits `phone` and `orderApprovalRequired`).
 */
function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (['example', 'examples', 'readOnly', 'writeOnly', 'deprecated', 'xml', 'required', 'nullable', 'default'].includes(key)) continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace('#/components/schemas/', 'pax8#/definitions/');
    else if (key === 'format' && value === 'date-time') out.format = 'pax8-date'; // wire: dates are mixed (see below)
    else out[key] = convert(value);
  }
  if (node.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

function props(definitions: Json, name: string): Json {
  const schema = definitions[name];
  if (!isObject(schema) || !isObject(schema.properties)) throw new Error(`schema ${name} has no properties`);
  return schema.properties;
}

/** The corrections of WIRE-NOTES "Spec vs wire", applied explicitly so each one is visible. */
function applyWireCorrections(definitions: Json): void {
  // Subscription.commitmentTerm is sent as `commitment`; accept both.
  props(definitions, 'Subscription').commitment = { $ref: 'pax8#/definitions/SubscriptionCommitment' };
  // Invoice has a `status` on the wire.
  props(definitions, 'Invoice').status = { type: 'string', enum: ['Unpaid', 'Paid', 'Void', 'Carried', 'Nothing Due', 'Credited'] };
  // Order has a `status`, and GET returns `orderedBy: "Pax8Partner"` (no space).
  const order = props(definitions, 'Order');
  order.status = { type: 'string', enum: ['Completed', 'Processing', 'Failed', 'PendingManual'] };
  order.orderedBy = { type: 'string', enum: ['Pax8 Partner', 'Pax8Partner', 'Customer', 'Pax8'] };
  // InvoiceItem.rateType is a bare word in any case, not the spec's prose enum.
  const item = props(definitions, 'InvoiceItem');
  item.rateType = { type: 'string', pattern: '^(?:[Mm]arkup|[Ss]ingle|[Ff]lat|[Vv]olume|[Tt]iered)$' };
  // InvoiceItem.subscriptionId is null for products without a subscription id, as its own description says ("i.e., BitTitan migration").
  item.subscriptionId = { type: ['string', 'null'], format: 'uuid' };
  // UsageSummary carries `subscriptionId` (and no `companyId` when listed under a subscription).
  props(definitions, 'UsageSummary').subscriptionId = { type: 'string', format: 'uuid' };
  // Page.size goes to 1000 on the live API, though the spec says 200 (Pax8's own CLI reads subscriptions with size=1000).
  props(definitions, 'Page').size = { type: 'number', minimum: 1, maximum: 1000 };
  // Pricing.rates is an array in every example, though the spec omits `type`.
  props(definitions, 'Pricing').rates = { type: 'array', items: { $ref: 'pax8#/definitions/Rate' } };
}

/** An ajv instance holding the converted, corrected component schemas as `pax8#/definitions/*`. */
export function createWireValidator(spec: Json): { ajv: Ajv; compile(schema: unknown): ValidateFunction } {
  const components = spec.components as Json;
  const definitions = convert(components.schemas) as Json;
  applyWireCorrections(definitions);
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  // Dates on the wire: `2020-12-01`, `2023-08-11T11:33:12.314-0600` or `...Z`.
  ajv.addFormat('pax8-date', /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))?$/);
  ajv.addFormat('yyyy-MM-dd', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('phone', /^[0-9+()\-.\s x]+$/);
  ajv.addSchema({ $id: 'pax8', definitions });
  return { ajv, compile: (schema) => ajv.compile(convert(schema) as Schema) };
}

/** The response schema of an operation for a status, or undefined when it has no JSON body. */
export function responseSchema(spec: Json, method: string, path: string, status: string): unknown {
  const paths = spec.paths as Record<string, Record<string, Json>>;
  const op = paths[path]?.[method.toLowerCase()];
  const responses = op?.responses as Record<string, Json> | undefined;
  const content = responses?.[status]?.content as Record<string, Json> | undefined;
  return content?.['application/json']?.schema;
}

/** Every operation of the document as `METHOD /path`. */
export function operations(spec: Json): string[] {
  const paths = spec.paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== 'parameters').map((m) => `${m.toUpperCase()} ${path}`));
}
