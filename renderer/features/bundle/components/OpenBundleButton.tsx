/** "Open bundle…": a file input (zip) whose bytes the back end verifies before the run is replayed. */
import { useRef } from 'react';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';

export function OpenBundleButton() {
  const t = useT();
  const actions = useActions();
  const input = useRef<HTMLInputElement>(null);
  // A live run keeps the views (the same rule as "Open session log").
  const active = useAppState((s) => s.run.source === 'live' && s.run.outcome === null && s.run.runId !== null);
  return (
    <>
      <input
        ref={input}
        id="bundle-file"
        type="file"
        accept=".zip,application/zip"
        className="visually-hidden"
        tabIndex={-1}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void actions.bundle.openBundleFile(file);
        }}
      />
      <button type="button" disabled={active} onClick={() => input.current?.click()}>
        {t('bundleUi.open')}
      </button>
    </>
  );
}
