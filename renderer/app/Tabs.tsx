/** The right-hand panels as tabs (arrow keys, Home and End move between them). */
import type { JSX, KeyboardEvent } from 'react';
import { TABS } from '../store/app-state.ts';
import type { TabId } from '../store/app-state.ts';
import { useActions, useAppState, useT } from '../store/hooks.ts';
import { AtLog } from '../features/at-log/components/AtLog.tsx';
import { Terminal } from '../features/terminal/components/Terminal.tsx';
import { MqttPanel } from '../features/mqtt/components/MqttPanel.tsx';
import { CalibrationPanel } from '../features/calibration/components/CalibrationPanel.tsx';
import { ProfileEditor } from '../features/profiles/components/ProfileEditor.tsx';
import { ReportPanel } from '../features/report/components/ReportPanel.tsx';
import { HistoryPanel } from '../features/history/components/HistoryPanel.tsx';

const PANELS: Record<TabId, () => JSX.Element> = {
  log: AtLog,
  terminal: Terminal,
  mqtt: MqttPanel,
  calibration: CalibrationPanel,
  profile: ProfileEditor,
  report: ReportPanel,
  history: HistoryPanel,
};

export function Tabs() {
  const t = useT();
  const actions = useActions();
  const tab = useAppState((s) => s.tab);
  const Current = PANELS[tab];
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.indexOf(tab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const id = TABS[(next + TABS.length) % TABS.length] as TabId;
    actions.showTab(id);
    document.getElementById(`tab-${id}`)?.focus();
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label={t('tabs.label')} className="tab-list" onKeyDown={onKeyDown}>
        {TABS.map((id) => (
          <button
            key={id}
            id={`tab-${id}`}
            type="button"
            role="tab"
            aria-selected={id === tab}
            aria-controls={`tabpanel-${id}`}
            tabIndex={id === tab ? 0 : -1}
            onClick={() => actions.showTab(id)}
          >
            {t(`tabs.${id}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        <Current />
      </div>
    </div>
  );
}
