/** Wire objects are plain JSON records; the schema test checks them against the OpenAPI document. */
export type WireObject = Record<string, unknown>;
