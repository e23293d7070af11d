import type { AppState } from '../../store/app-state.ts';

export const selectLanguage = (s: AppState) => s.settings.language;
export const selectTheme = (s: AppState) => s.settings.theme;
