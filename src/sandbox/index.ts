/**
 * The Pax8 sandbox: a stand-in for the Pax8 partner API built from partner-endpoints.json and
 * WIRE-NOTES on its own (it shares nothing with src/pax8, so client mistakes are not mirrored).
 */
export { parseSandboxArgs, sandboxUsage } from './parse-sandbox-args.ts';
export type { SandboxOptions } from './sandbox-options.ts';
export { startSandbox, type Sandbox, type SandboxAddress } from './start-sandbox.ts';
