/** The settings feature's actions (beside its slice, like wizard/ and mqtt/): they talk to the back end and update the store. */
import type { Settings } from '../../../shared/ipc.ts';
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import { browserLanguage } from '../../i18n/translate.ts';
import type { Theme } from './slice.ts';

export function createSettingsActions(ctx: ActionContext) {
  const save = async (patch: Partial<Settings>) => {
    ctx.update((s) => ({ settings: { ...s.settings, ...patch } }));
    try {
      const saved = await ctx.api.setSettings(patch);
      ctx.update((s) => ({ settings: { ...s.settings, ...saved, language: saved.language ?? s.settings.language, loaded: true } }));
    } catch (error) {
      ctx.update(() => ({ notice: { key: 'common.error', values: { message: errorMessage(error) }, tone: 'error' } }));
    }
  };
  return {
    async loadSettings(): Promise<void> {
      const settings = await ctx.api.getSettings({});
      if (settings.language === undefined) {
        // First run: follow the browser's language and remember it, so the back end's reports do too.
        const language = browserLanguage();
        ctx.update((s) => ({ settings: { ...s.settings, ...settings, language, loaded: true } }));
        await save({ language });
        return;
      }
      ctx.update((s) => ({ settings: { ...s.settings, ...settings, language: settings.language ?? s.settings.language, loaded: true } }));
    },
    setLanguage: (language: Settings['language']) => save({ language }),
    setTheme: (theme: Theme) => save({ theme }),
    /** Another results store for runs and History ('' = the default); History lists it at once. */
    async setResultsDb(resultsDb: string): Promise<void> {
      await save({ resultsDb });
      ctx.update((s) => ({ history: { ...s.history, list: { ...s.history.list, status: 'idle' } } }));
    },
  };
}
export type SettingsActions = ReturnType<typeof createSettingsActions>;
