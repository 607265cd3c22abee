#!/usr/bin/env node
// Entry point for `npx pax8-chatops` and `npm start`: runs the compiled JavaScript in dist/ when it
// is current, else the TypeScript sources through tsx (no build step between a clone and a bot).
import { startCli } from './start-cli.mjs';

process.exitCode = await startCli(process.argv.slice(2));
