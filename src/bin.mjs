#!/usr/bin/env node
// Entry point for `npx pax8-chatops` and `npm start`: runs the TypeScript sources through tsx,
// so there is no build step between a clone and a running bot.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
