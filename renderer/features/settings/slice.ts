/** Language and theme: loaded from and remembered by the back end (getSettings/setSettings). */
import type { Settings } from '../../../shared/ipc.ts';
import { browserLanguage } from '../../i18n/translate.ts';
import type { Language } from '../../../shared/messages/index.ts';

export type Theme = Settings['theme'];
export interface SettingsState extends Settings {
  language: Language;
  loaded: boolean;
}

/** Before the saved settings arrive (and on a first run, when none are saved) the browser's language rules. */
export const initialSettings = (): SettingsState => ({ language: browserLanguage(), theme: 'system', loaded: false });
