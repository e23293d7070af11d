/** Language and theme: loaded from and remembered by the back end (getSettings/setSettings). */
import type { Settings } from '../../../shared/ipc.ts';

export type Theme = Settings['theme'];
export interface SettingsState extends Settings {
  loaded: boolean;
}

export const initialSettings: SettingsState = { language: 'ko', theme: 'system', loaded: false };
