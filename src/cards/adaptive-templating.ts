/**
 * The official `adaptivecards-templating` engine, loaded through `require` with a narrow type of
 * our own. Its published typings import `adaptivecards/src/schema`, a TypeScript *source* file that
 * does not compile under our strict ESM settings once the `adaptivecards` renderer is installed
 * (skipLibCheck covers only `.d.ts`). We use one class and one method of it, typed here.
 *
 * @see https://learn.microsoft.com/adaptive-cards/templating/sdk
 */
import { createRequire } from 'node:module';

interface TemplatingModule {
  Template: new (payload: unknown) => { expand(context: { $root: unknown }): unknown };
}

const require = createRequire(import.meta.url);
const templating = require('adaptivecards-templating') as TemplatingModule;

type PreparedTemplate = InstanceType<TemplatingModule['Template']>;

/**
 * Prepared templates, by template object: `new Template()` parses every `${…}` expression, which
 * costs more than expanding, and "once created, the instance can be bound to different data objects"
 * (the engine's own words). Templates are loaded once and never change while the bot runs.
 */
const prepared = new WeakMap<object, PreparedTemplate>();

/** Expands an Adaptive Card template with `$root` data. Throws what the engine throws. */
export function expandTemplate(template: unknown, root: unknown): unknown {
  if (typeof template !== 'object' || template === null) return new templating.Template(template).expand({ $root: root });
  let engine = prepared.get(template);
  if (!engine) {
    engine = new templating.Template(template);
    prepared.set(template, engine);
  }
  return engine.expand({ $root: root });
}
