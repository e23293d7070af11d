#!/usr/bin/env node
// Entry of the `fieldlink` CLI: runs the TypeScript sources through tsx, no build step needed.
// Errors nobody handled end in one line, a crash log and exit 70 (electron/cli/crash.ts).
import { register } from 'tsx/esm/api';

register();
const { main, installCrashHandlers } = await import('../electron/cli/main.ts');
installCrashHandlers(process.argv);
process.exitCode = await main(process.argv);
