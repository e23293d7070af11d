/**
 * The records found, newest first, as a windowed list (@tanstack/react-virtual): only the rows
 * in view are in the DOM, so thousands of records scroll smoothly. The IMEI opens the device's
 * page; AT log and Report open the run as a replay. Line and unit serial columns are shown when a
 * listed run has one (the wider table then scrolls sideways on a narrow window).
 */
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RunRecord } from '../../../../shared/run-record.ts';
import { localTime, recordDuration, recordFirmware, recordWhere, NO_VALUE } from '../../../../shared/run-record-format.ts';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import { Empty } from '../../../app/ui.tsx';
import { OpenRunButtons } from './OpenRunButtons.tsx';

export const HISTORY_ROW_HEIGHT = 34;

const COLUMNS = ['time', 'imei', 'kind', 'outcome', 'failure', 'where', 'firmware', 'duration', 'open'] as const;
const WITH_STATION = ['time', 'imei', 'kind', 'outcome', 'failure', 'line', 'where', 'serial', 'firmware', 'duration', 'open'] as const;

export function RecordList() {
  const t = useT();
  const list = useAppState((s) => s.history.list);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: list.records.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => HISTORY_ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 900, height: 600 },
  });
  // Line and unit serial columns only when a listed run has one (station runs), as on the terminal.
  const station = list.records.some((r) => r.line !== null || r.unitSerial !== null);
  const columns = station ? WITH_STATION : COLUMNS;
  if (list.status === 'loading' && list.records.length === 0) return <p aria-live="polite">{t('history.loading')}</p>;
  if (list.status === 'error') return <p className="error-text">{t('history.failed', { message: list.error ?? '' })}</p>;
  return (
    <div className="history-list">
      <p className="history-count" aria-live="polite">
        {t('history.count', { count: list.records.length })}
        {list.store ? <span className="hint-text"> · {t('history.store', { url: list.store })}</span> : null}
      </p>
      {list.records.length === 0 && list.status === 'ready' ? (
        <Empty>{t('history.empty')}</Empty>
      ) : (
        <div className={`history-table${station ? ' with-station' : ''}`} role="table" aria-label={t('history.title')} aria-rowcount={list.records.length + 1}>
          <div className="history-row history-head" role="row">
            {columns.map((c) => (
              <span key={c} role="columnheader" className={`history-cell cell-${c}`}>
                {t(`history.col.${c}`)}
              </span>
            ))}
          </div>
          <div className="history-scroll" ref={scrollRef} data-rows={list.records.length}>
            <div className="history-rows" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const record = list.records[item.index] as RunRecord;
                return <RecordRow key={record.runId} record={record} index={item.index} top={item.start} station={station} />;
              })}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

function RecordRow({ record, index, top, station }: { record: RunRecord; index: number; top: number; station: boolean }) {
  const t = useT();
  const actions = useActions();
  return (
    <div className={`history-row outcome-row-${record.outcome}`} role="row" aria-rowindex={index + 2} data-run={record.runId} style={{ transform: `translateY(${top}px)` }}>
      <span role="cell" className="history-cell cell-time">
        {localTime(record.startedAt)}
      </span>
      <span role="cell" className="history-cell cell-imei">
        {record.imei ? (
          <button type="button" className="link" onClick={() => void actions.history.openDevice(record.imei as string)}>
            {record.imei}
          </button>
        ) : (
          NO_VALUE
        )}
      </span>
      <span role="cell" className="history-cell cell-kind">
        {t(`record.kind.${record.kind}`)}
      </span>
      <span role="cell" className="history-cell cell-outcome">
        <span className={`badge outcome-badge outcome-badge-${record.outcome}`}>{t(`record.outcome.${record.outcome}`)}</span>
      </span>
      <span role="cell" className="history-cell cell-failure" title={record.failureCode ?? undefined}>
        {record.failureCode ?? NO_VALUE}
      </span>
      {station ? (
        <span role="cell" className="history-cell cell-line" title={record.line ?? undefined}>
          {record.line ?? NO_VALUE}
        </span>
      ) : null}
      <span role="cell" className="history-cell cell-where">
        {recordWhere(record)}
      </span>
      {station ? (
        <span role="cell" className="history-cell cell-serial" title={record.unitSerial ?? undefined}>
          {record.unitSerial ?? NO_VALUE}
        </span>
      ) : null}
      <span role="cell" className="history-cell cell-firmware">
        {recordFirmware(record)}
      </span>
      <span role="cell" className="history-cell cell-duration">
        {recordDuration(record)}
      </span>
      <span role="cell" className="history-cell cell-open">
        <OpenRunButtons runId={record.runId} />
      </span>
    </div>
  );
}
