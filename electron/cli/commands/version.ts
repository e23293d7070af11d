import { createRequire } from 'node:module';
import type { RegisterCommand } from '../main.ts';

const require = createRequire(import.meta.url);

export const register: RegisterCommand = (program) => {
  const { version } = require('../../../package.json') as { version: string };
  program.version(version, '-V, --version', 'print the Fieldlink version');
};
