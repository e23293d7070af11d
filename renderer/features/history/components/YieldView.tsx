/**
 * The yield summary: per group (day, station, slot or failure) units, passed, failed, first-pass
 * yield and units per hour, a bar chart of first-pass yield, and the Pareto of failure codes
 * (bars by count, most frequent first, with the cumulative share). Plain SVG, coloured by CSS.
 */
import { YIELD_GROUPINGS } from '../../../../shared/run-record.ts';
import type { YieldGrouping } from '../../../../shared/run-record.ts';
import { percent } from '../../../../shared/run-record-format.ts';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import { Empty } from '../../../app/ui.tsx';
import type { YieldReportView } from '../slice.ts';

export function YieldView() {
  const t = useT();
  const actions = useActions();
  const state = useAppState((s) => s.history.yield);
  const report = state.report;
  const groupName = (key: string) => (key === '(none)' ? t('yield.none') : key);
  return (
    <section className="history-yield" aria-label={t('history.view.yield')}>
      <label className="yield-by">
        <span>{t('history.yield.by')}</span>
        <select value={state.by} onChange={(e) => void actions.history.loadYield(e.target.value as YieldGrouping)}>
          {YIELD_GROUPINGS.map((by) => (
            <option key={by} value={by}>
              {t(`yield.by.${by}`)}
            </option>
          ))}
        </select>
      </label>
      {state.status === 'loading' ? <p aria-live="polite">{t('history.loading')}</p> : null}
      {state.status === 'error' ? <p className="error-text">{t('history.failed', { message: state.error ?? '' })}</p> : null}
      {report ? (
        <>
          <table className="yield-table">
            <thead>
              <tr>
                <th scope="col">{t(`yield.by.${report.by}`)}</th>
                <th scope="col">{t('yield.units')}</th>
                <th scope="col">{t('yield.passed')}</th>
                <th scope="col">{t('yield.failed')}</th>
                <th scope="col">{t('yield.fpy')}</th>
                <th scope="col">{t('yield.uph')}</th>
              </tr>
            </thead>
            <tbody>
              {[...report.rows.map((r) => ({ ...r, key: groupName(r.key), total: false })), { ...report.totals, key: t('yield.total'), total: true }].map((row) => (
                <tr key={`${row.total ? 'total' : 'row'}-${row.key}`} className={row.total ? 'yield-total' : undefined}>
                  <th scope="row">{row.key}</th>
                  <td>{row.units}</td>
                  <td>{row.passed}</td>
                  <td>{row.failed}</td>
                  <td>{percent(row.firstPassYield)}</td>
                  <td>{row.unitsPerHour.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="yield-charts">
            <FpyChart report={report} title={t('history.yield.chart', { by: t(`yield.by.${report.by}`) })} groupName={groupName} />
            {report.pareto.length === 0 ? <Empty>{t('yield.noFailures')}</Empty> : <ParetoChart report={report} title={t('history.yield.paretoChart')} />}
          </div>
        </>
      ) : null}
    </section>
  );
}

const BAR_H = 22;
const GAP = 8;
const LABEL_W = 200;
const BAR_W = 240;
const VALUE_W = 110;
const WIDTH = LABEL_W + BAR_W + VALUE_W;

/** Horizontal bars: label, bar, value text. */
function BarChart({ title, bars, className }: { title: string; bars: { label: string; share: number; value: string; tone: string }[]; className: string }) {
  const height = bars.length * (BAR_H + GAP) + 28;
  return (
    <figure className={`yield-chart ${className}`}>
      <figcaption>{title}</figcaption>
      <svg role="img" aria-label={title} viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height}>
        {bars.map((bar, i) => {
          const y = i * (BAR_H + GAP) + 4;
          const w = Math.max(bar.share > 0 ? 2 : 0, Math.round(bar.share * BAR_W));
          return (
            <g key={`${i}-${bar.label}`} className="chart-row">
              <text x={LABEL_W - 8} y={y + BAR_H / 2} className="chart-label" textAnchor="end" dominantBaseline="middle">
                {bar.label.length > 26 ? `${bar.label.slice(0, 25)}…` : bar.label}
              </text>
              <rect x={LABEL_W} y={y} width={BAR_W} height={BAR_H} className="chart-track" rx={3} />
              <rect x={LABEL_W} y={y} width={w} height={BAR_H} className={`chart-bar chart-${bar.tone}`} rx={3} data-share={bar.share.toFixed(3)} />
              <text x={LABEL_W + BAR_W + 8} y={y + BAR_H / 2} className="chart-value" dominantBaseline="middle">
                {bar.value}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function FpyChart({ report, title, groupName }: { report: YieldReportView; title: string; groupName: (key: string) => string }) {
  const tone = (share: number) => (share >= 0.95 ? 'ok' : share >= 0.8 ? 'warn' : 'bad');
  const bars = report.rows.map((r) => ({ label: groupName(r.key), share: r.firstPassYield, value: `${percent(r.firstPassYield)} (${r.units})`, tone: tone(r.firstPassYield) }));
  return <BarChart title={title} bars={bars} className="chart-fpy" />;
}

function ParetoChart({ report, title }: { report: YieldReportView; title: string }) {
  const max = Math.max(...report.pareto.map((p) => p.count));
  const bars = report.pareto.map((p) => ({ label: p.code, share: p.count / max, value: `${p.count} · Σ ${percent(p.cumulativeShare)}`, tone: 'bad' }));
  return <BarChart title={title} bars={bars} className="chart-pareto" />;
}
