/** The window: top bar; left, the setup and the wizard; right, the device and the panels. */
import { useEffect } from 'react';
import { useActions, useAppState, useT } from '../store/hooks.ts';
import { TopBar } from './TopBar.tsx';
import { Tabs } from './Tabs.tsx';
import { Setup } from './Setup.tsx';
import { RunControls } from '../features/wizard/components/RunControls.tsx';
import { Wizard } from '../features/wizard/components/Wizard.tsx';
import { DeviceCard } from '../features/device/components/DeviceCard.tsx';
import { FotaDialog } from '../features/fota/components/FotaDialog.tsx';
import { isRunActive } from '../features/wizard/selectors.ts';

export function App() {
  const { language, theme } = useAppState((s) => s.settings);
  const run = useAppState((s) => s.run);
  const locked = isRunActive(run) || run.busy === 'starting' || run.source === 'replay';

  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dataset.theme = theme;
  }, [language, theme]);

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
          <DeviceCard />
          <Tabs />
        </main>
      </div>
      <StatusBar />
      <FotaDialog />
    </div>
  );
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
