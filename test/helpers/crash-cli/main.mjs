// Starts the real CLI entry (main + crash handlers, as bin/fieldlink.mjs does) with the test's commands folder.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { main, installCrashHandlers } = await import('../../../electron/cli/main.ts');
installCrashHandlers(process.argv);
process.exitCode = await main(process.argv, { commandsDir: fileURLToPath(new URL('./commands', import.meta.url)) });
