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

/** Expands an Adaptive Card template with `$root` data. Throws what the engine throws. */
export function expandTemplate(template: unknown, root: unknown): unknown {
  return new templating.Template(template).expand({ $root: root });
}
