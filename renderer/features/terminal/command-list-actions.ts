/** Actions of the terminal's command lists (list, read, save, delete, run over the back-end API). */
import type { CommandLine, CommandList } from '../../../shared/command-list.ts';
import type { IpcResponse } from '../../../shared/ipc.ts';
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import type { CommandListsState } from './command-list-slice.ts';

export function createCommandListActions(ctx: ActionContext) {
  const lists = (recipe: (l: CommandListsState) => CommandListsState) => ctx.update((s) => ({ terminal: { ...s.terminal, lists: recipe(s.terminal.lists) } }));
  const refresh = async (): Promise<string[]> => {
    const names = await ctx.api.listCommandLists({});
    lists((l) => ({ ...l, names }));
    return names;
  };
  return {
    refreshCommandLists: refresh,
    readCommandList(name: string): Promise<CommandList> {
      return ctx.api.readCommandList({ name });
    },
    async saveCommandList(list: CommandList): Promise<IpcResponse<'saveCommandList'>> {
      const result = await ctx.api.saveCommandList({ list });
      if (result.ok) await refresh();
      return result;
    },
    async deleteCommandList(name: string): Promise<void> {
      await ctx.api.deleteCommandList({ name });
      await refresh();
    },
    async runCommandList(port: string, lines: CommandLine[], stopOnFailure: boolean): Promise<void> {
      lists((l) => ({ ...l, running: true, run: null, runError: null }));
      try {
        const run = await ctx.api.runCommandList({ port, lines, stopOnFailure });
        lists((l) => ({ ...l, running: false, run }));
      } catch (error) {
        const text = errorMessage(error);
        lists((l) => ({ ...l, running: false, runError: text }));
      }
    },
  };
}
