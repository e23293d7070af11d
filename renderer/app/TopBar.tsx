/** Title, live/replay badge, open a session log, language and theme (remembered via setSettings). */
import type { Settings } from '../../shared/ipc.ts';
import { LANGUAGES } from '../i18n/translate.ts';
import { useActions, useAppState, useT } from '../store/hooks.ts';
import { OpenSessionButton } from '../features/session/components/OpenSessionButton.tsx';
import { OpenBundleButton } from '../features/bundle/components/OpenBundleButton.tsx';

const THEMES: readonly Settings['theme'][] = ['light', 'dark', 'system'];

export function TopBar() {
  const t = useT();
  const actions = useActions();
  const { language, theme } = useAppState((s) => s.settings);
  const run = useAppState((s) => s.run);
  const mode = run.source === 'replay' ? t('mode.replay', { name: run.replayName ?? '' }) : run.source === 'live' ? t('mode.live') : t('mode.idle');
  return (
    <header className="top-bar">
      <div className="brand">
        <h1>{t('app.title')}</h1>
        <span className="subtitle">{t('app.subtitle')}</span>
        <span className={`badge mode-${run.source}`}>{mode}</span>
      </div>
      <div className="top-actions">
        <OpenSessionButton />
        <OpenBundleButton />
        <button type="button" className="station-button" title={t('stationScreen.buttonHint')} onClick={() => actions.station.open()}>
          {t('stationScreen.button')}
        </button>
        <label className="field compact">
          <span>{t('settings.language')}</span>
          <select id="language-select" value={language} onChange={(e) => void actions.settings.setLanguage(e.target.value as Settings['language'])}>
            {LANGUAGES.map((lang) => (
              <option key={lang} value={lang}>
                {t(`language.${lang}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field compact">
          <span>{t('settings.theme')}</span>
          <select id="theme-select" value={theme} onChange={(e) => void actions.settings.setTheme(e.target.value as Settings['theme'])}>
            {THEMES.map((name) => (
              <option key={name} value={name}>
                {t(`theme.${name}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </header>
  );
}
