/** A sub-command with a bug, for the CLI's crash handling test: it throws, or throws later from a timer. */
import type { RegisterCommand } from '../../../../electron/cli/main.ts';

export const register: RegisterCommand = (program) => {
  program
    .command('boom')
    .option('--later', 'throw from a timer, outside the action')
    .argument('<command>')
    .action(async (command: string, options: { later?: boolean }) => {
      const error = new Error(`state table lost its row for ${command}`, { cause: new RangeError('index 7 out of range') });
      if (options.later) {
        setTimeout(() => {
          throw error;
        }, 10);
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
      throw error;
    });
};
