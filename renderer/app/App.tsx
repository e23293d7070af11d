/** The window: top bar; left, the setup and the wizard; right, the device and the panels. */
import { useEffect, useSyncExternalStore } from 'react';
import { useActions, useAppState, useT } from '../store/hooks.ts';
import { TopBar } from './TopBar.tsx';
import { Tabs } from './Tabs.tsx';
import { Setup } from './Setup.tsx';
import { RunControls } from '../features/wizard/components/RunControls.tsx';
import { Wizard } from '../features/wizard/components/Wizard.tsx';
import { DeviceCard } from '../features/device/components/DeviceCard.tsx';
import { FotaDialog } from '../features/fota/components/FotaDialog.tsx';
import { isRunActive } from '../features/wizard/selectors.ts';
import { DiagnoseScreen } from '../features/diagnose/components/DiagnoseScreen.tsx';
import { BundleSummary } from '../features/bundle/components/BundleSummary.tsx';
import { isBundleReplay } from '../features/bundle/slice.ts';
import { StationScreen } from '../features/station/components/StationScreen.tsx';

export function App() {
  const { language, theme } = useAppState((s) => s.settings);
  const run = useAppState((s) => s.run);
  const diagnosing = useAppState((s) => s.diagnose.open);
  const bundleReplay = useAppState(isBundleReplay);
  const station = useAppState((s) => s.station);
  const locked = isRunActive(run) || run.busy === 'starting' || run.source === 'replay';

  const systemDark = useSyncExternalStore(subscribeSystemDark, isSystemDark);
  const resolvedTheme = theme === 'system' ? (systemDark ? 'dark' : 'light') : theme;

  useEffect(() => {
    document.documentElement.lang = language;
    // The stylesheet knows two palettes; 'system' follows the OS setting live.
    document.documentElement.dataset.theme = resolvedTheme;
  }, [language, resolvedTheme]);

  if (station.open && station.kiosk) {
    // Kiosk: the station alone, big and high-contrast, readable from two metres.
    return (
      <div className="app app-kiosk">
        <StationScreen />
      </div>
    );
  }

  return (
    <div className="app">
      <TopBar />
      <div className="workspace">
        <aside className="setup-column">
          <Setup locked={locked} />
          <RunControls />
          <Wizard />
        </aside>
        <main className="main-column">
          {station.open ? (
            <StationScreen />
          ) : diagnosing ? (
            <DiagnoseScreen />
          ) : (
            <>
              {bundleReplay ? <BundleSummary /> : <DeviceCard />}
              <Tabs />
            </>
          )}
        </main>
      </div>
      <StatusBar />
      <FotaDialog />
    </div>
  );
}

const SYSTEM_DARK = '(prefers-color-scheme: dark)';

function isSystemDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia(SYSTEM_DARK).matches;
}

function subscribeSystemDark(onChange: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => undefined;
  const query = matchMedia(SYSTEM_DARK);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function StatusBar() {
  const t = useT();
  const actions = useActions();
  const notice = useAppState((s) => s.notice);
  return (
    <footer className="status-bar" aria-live="polite">
      {notice ? (
        <>
          <span className={notice.tone === 'error' ? 'error-text' : undefined}>{t(notice.key, notice.values)}</span>
          <button type="button" className="link" onClick={() => actions.dismissNotice()}>
            {t('common.close')}
          </button>
        </>
      ) : null}
    </footer>
  );
}
