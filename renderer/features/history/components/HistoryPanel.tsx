/**
 * The History screen: runs on record in the results store, filtered by IMEI, dates, outcome,
 * station, line and unit serial; a windowed list with CSV export; a device's page with what changed between its runs;
 * the yield by day, line, station, slot or failure with charts. A listed run opens in the AT log or
 * the report view as a replay.
 */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { ResultsDbSettingSchema } from '../../../../shared/ipc.ts';
import { RECORD_OUTCOMES } from '../../../../shared/run-record.ts';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import { Panel } from '../../../app/ui.tsx';
import { RecordList } from './RecordList.tsx';
import { DevicePage } from './DevicePage.tsx';
import { YieldView } from './YieldView.tsx';

export function HistoryPanel() {
  const t = useT();
  const actions = useActions();
  const view = useAppState((s) => s.history.view);
  const list = useAppState((s) => s.history.list);

  // The first time the screen is shown it lists the latest runs; later searches come from the form.
  const firstShow = list.status === 'idle';
  useEffect(() => {
    if (firstShow) void actions.history.search();
  }, [firstShow, actions]);

  const toolbar = (
    <>
      <div className="history-views" role="group" aria-label={t('history.title')}>
        {(['list', 'yield'] as const).map((id) => (
          <button key={id} type="button" aria-pressed={view === id || (id === 'list' && view === 'device')} onClick={() => void actions.history.showView(id)}>
            {t(`history.view.${id}`)}
          </button>
        ))}
      </div>
      <button type="button" onClick={() => actions.history.exportCsv()} disabled={list.records.length === 0}>
        {t('history.exportCsv')}
      </button>
    </>
  );
  return (
    <Panel title={t('history.title')} actions={toolbar} className="history">
      {view === 'device' ? null : <Filters />}
      <StoreSetting />
      {list.pending > 0 ? <p className="history-pending">{t('history.pending', { count: list.pending })}</p> : null}
      {view === 'device' ? <DevicePage /> : view === 'yield' ? <YieldView /> : <RecordList />}
    </Panel>
  );
}

/** Which results store the app records into and History reads (a setting; never a password). */
function StoreSetting() {
  const t = useT();
  const actions = useActions();
  const saved = useAppState((s) => s.settings.resultsDb ?? '');
  const [draft, setDraft] = useState(saved);
  useEffect(() => setDraft(saved), [saved]);
  const checked = ResultsDbSettingSchema.safeParse(draft.trim());
  const problem = checked.success ? undefined : checked.error.issues[0]?.message;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (checked.success) void actions.settings.setResultsDb(checked.data);
  };
  return (
    <details className="history-store-setting">
      <summary>{t('history.db.title')}</summary>
      <form onSubmit={submit} aria-label={t('history.db.title')}>
        <label>
          <span>{t('history.db.label')}</span>
          <input type="text" value={draft} size={60} placeholder="postgres://station@line-db/fieldlink" aria-invalid={problem !== undefined} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit" disabled={problem !== undefined || draft.trim() === saved}>
          {t('history.db.save')}
        </button>
        <p className="hint-text" role={problem ? 'alert' : undefined}>
          {problem ? t('history.db.invalid', { problem }) : t('history.db.hint')}
        </p>
      </form>
    </details>
  );
}

function Filters() {
  const t = useT();
  const actions = useActions();
  const filters = useAppState((s) => s.history.filters);
  const view = useAppState((s) => s.history.view);
  const imeiBad = filters.imei.trim() !== '' && !/^\d{15}$/.test(filters.imei.trim());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void (view === 'yield' ? actions.history.loadYield() : actions.history.search());
  };
  return (
    <form className="history-filters" aria-label={t('history.filters')} onSubmit={submit}>
      {view === 'yield' ? null : (
        <label>
          <span>{t('history.imei')}</span>
          <input
            type="text"
            inputMode="numeric"
            maxLength={15}
            value={filters.imei}
            aria-invalid={imeiBad}
            placeholder="860000000000000"
            onChange={(e) => actions.history.setFilters({ imei: e.target.value })}
          />
        </label>
      )}
      <label>
        <span>{t('history.since')}</span>
        <input type="date" value={filters.since} onChange={(e) => actions.history.setFilters({ since: e.target.value })} />
      </label>
      <label>
        <span>{t('history.until')}</span>
        <input type="date" value={filters.until} onChange={(e) => actions.history.setFilters({ until: e.target.value })} />
      </label>
      {view === 'yield' ? null : (
        <label>
          <span>{t('history.outcome')}</span>
          <select value={filters.outcome} onChange={(e) => actions.history.setFilters({ outcome: e.target.value as (typeof filters)['outcome'] })}>
            <option value="">{t('history.any')}</option>
            {RECORD_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`record.outcome.${o}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        <span>{t('history.station')}</span>
        <input type="text" maxLength={200} value={filters.station} onChange={(e) => actions.history.setFilters({ station: e.target.value })} />
      </label>
      <label>
        <span>{t('history.line')}</span>
        <input type="text" maxLength={200} value={filters.line} onChange={(e) => actions.history.setFilters({ line: e.target.value })} />
      </label>
      {view === 'yield' ? null : (
        <label>
          <span>{t('history.serial')}</span>
          <input type="text" maxLength={200} value={filters.serial} onChange={(e) => actions.history.setFilters({ serial: e.target.value })} />
        </label>
      )}
      <div className="history-filter-buttons">
        <button type="submit" className="primary">
          {t('history.search')}
        </button>
        <button type="button" onClick={() => void actions.history.clearFilters()}>
          {t('history.clear')}
        </button>
      </div>
    </form>
  );
}
