/**
 * The Station screen (in place of the device card and the panels, or alone in kiosk mode): the
 * start form, the station's state and counters, the grid of slot tiles, and the clicked tile's
 * unit (its steps, MQTT timeline, AT log and report, with the run screen's own views).
 */
import { useEffect, useRef, useState } from 'react';
import { Empty, Panel } from '../../../app/ui.tsx';
import { FilePickButton } from '../../../app/file-pick-button.tsx';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import { Timeline } from '../../mqtt/components/MqttPanel.tsx';
import { ReportBody } from '../../report/components/ReportPanel.tsx';
import { StepRowsCompact } from './StepRowsCompact.tsx';
import { parseVirtualUnits } from '../actions.ts';
import { isStationWorking } from '../slice.ts';
import { SlotTileView } from './SlotTile.tsx';

/** More slots than this and the tiles get smaller, so a 32-slot fixture fits on one screen. */
const DENSE_FROM = 16;

export function StationScreen() {
  const t = useT();
  const actions = useActions();
  const station = useAppState((s) => s.station);
  const working = isStationWorking(station);
  const now = useNow(working ? 1000 : null);
  const toolbar = (
    <>
      {working && station.stationId !== null ? (
        <button type="button" className="danger" onClick={() => void actions.station.stop()}>
          {station.state === 'draining' || station.state === 'cancelling' ? t('stationScreen.cancel') : t('stationScreen.stop')}
        </button>
      ) : null}
      <button type="button" aria-pressed={station.kiosk} onClick={() => actions.station.toggleKiosk()}>
        {station.kiosk ? t('stationScreen.kioskExit') : t('stationScreen.kiosk')}
      </button>
      {!station.kiosk ? (
        <button type="button" onClick={() => actions.station.close()}>
          {t('stationScreen.close')}
        </button>
      ) : null}
    </>
  );
  return (
    <Panel title={t('stationScreen.title')} actions={toolbar} className={`station-screen${station.kiosk ? ' station-kiosk' : ''}`}>
      {!working && !station.kiosk ? <StartForm /> : null}
      {station.busy === 'starting' ? <p aria-live="polite">{t('stationScreen.starting')}</p> : null}
      {station.error ? <p className="error-text">{t('common.error', { message: station.error })}</p> : null}
      {station.state ? <StationHeader /> : null}
      {working && station.stationId !== null ? <StationControls /> : null}
      {station.commandError ? (
        <p className="error-text" role="alert">
          {t('common.error', { message: station.commandError })}
        </p>
      ) : null}
      {station.order.length > 0 ? (
        <div className={`station-grid${station.order.length > DENSE_FROM ? ' station-grid-dense' : ''}`} role="list" aria-label={t('stationScreen.grid')}>
          {station.order.map((label) => {
            const tile = station.slots[label];
            if (!tile) return null;
            const unit = tile.runId ? station.units[tile.runId] : undefined;
            return (
              <SlotTileView
                key={label}
                tile={tile}
                unit={unit}
                now={now}
                selected={station.selected === label}
                onSelect={() => actions.station.select(label)}
                commands={station.state === 'running'}
                serialRequired={station.unitSerialRequired}
                onCommand={(action) => void actions.station.command(action, label)}
              />
            );
          })}
        </div>
      ) : null}
      {!station.kiosk && station.order.length > 0 ? <UnitDetail /> : null}
    </Panel>
  );
}

/**
 * While the station runs: the scan field (a keyboard-wedge scanner types a unit serial and Enter;
 * it goes to the selected tile, else to the first unit waiting for one) and the operator.
 */
function StationControls() {
  const t = useT();
  const actions = useActions();
  const { selected, order, slots, unitSerialRequired, kiosk } = useAppState((s) => s.station);
  const [serial, setSerial] = useState('');
  const [name, setName] = useState('');
  const waiting = order.find((label) => slots[label]?.state === 'present' && !slots[label]?.unitSerial);
  const target = selected ?? (unitSerialRequired ? waiting : undefined) ?? null;
  // A keyboard-wedge scanner types into whatever has the focus: when a unit waits for its serial, that is the scan field.
  const scanInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (unitSerialRequired && target !== null && document.activeElement?.tagName !== 'INPUT') scanInput.current?.focus();
  }, [unitSerialRequired, target]);
  return (
    <div className="station-controls">
      <form
        className="station-scan"
        onSubmit={(event) => {
          event.preventDefault();
          if (!target || !serial.trim()) return;
          void actions.station.command('serial', target, serial.trim()).then((ok) => ok && setSerial(''));
        }}
      >
        <label className="field">
          <span>{target ? t('stationScreen.scanFor', { slot: target }) : t('stationScreen.scanPick')}</span>
          <input ref={scanInput} value={serial} onChange={(e) => setSerial(e.target.value)} disabled={!target} autoComplete="off" />
        </label>
        <button type="submit" disabled={!target || !serial.trim()}>
          {t('stationScreen.scanBind')}
        </button>
      </form>
      {!kiosk ? (
        <form
          className="station-operator"
          onSubmit={(event) => {
            event.preventDefault();
            void actions.station.command('operator', undefined, name.trim()).then((ok) => ok && setName(''));
          }}
        >
          <label className="field">
            <span>{t('stationScreen.operatorChange')}</span>
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          </label>
          <button type="submit">{t('stationScreen.operatorSet')}</button>
        </form>
      ) : null}
    </div>
  );
}

function StationHeader() {
  const t = useT();
  const { state, counters, operator, name, configName } = useAppState((s) => s.station);
  const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;
  return (
    <div className="station-header">
      <p className={`station-state station-state-${state ?? 'none'}`} aria-live="polite">
        {state ? t(`stationScreen.state.${state}`) : ''}
        {name && configName ? ` · ${t('stationScreen.configNamed', { station: name, config: configName })}` : ''}
        {operator ? ` · ${t('stationScreen.operator')}: ${operator}` : ''}
      </p>
      <dl className="station-counters" aria-label={t('stationScreen.counters')}>
        <Counter label={t('stationScreen.passed')} value={String(counters.passed)} tone="ok" />
        <Counter label={t('stationScreen.failed')} value={String(counters.failed)} tone="bad" />
        <Counter label={t('stationScreen.refused')} value={String(counters.refused)} tone="warn" />
        <Counter label={t('stationScreen.unitsPerHour')} value={String(Math.round(counters.unitsPerHour))} />
        <Counter label={t('stationScreen.firstPassYield')} value={percent(counters.firstPassYield)} />
      </dl>
    </div>
  );
}

function Counter({ label, value, tone }: { label: string; value: string; tone?: 'ok' | 'bad' | 'warn' }) {
  return (
    <div className={`station-counter${tone ? ` counter-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function StartForm() {
  const t = useT();
  const actions = useActions();
  const profile = useAppState((s) => s.profiles.selected) ?? 'demo';
  const configs = useAppState((s) => s.station.configs);
  const [source, setSource] = useState<'virtual' | 'ports' | 'config'>('virtual');
  const [configName, setConfigName] = useState('');
  useEffect(() => {
    void actions.station.loadConfigs();
  }, [actions]);
  const usable = configs.filter((config) => config.problem === undefined);
  const chosen = usable.find((config) => config.name === configName) ?? usable[0];
  const [ports, setPorts] = useState('');
  const [units, setUnits] = useState('ok, ok, http-404, clone');
  const [operator, setOperator] = useState('');
  const [problem, setProblem] = useState(false);
  const submit = () => {
    const list = ports
      .split(',')
      .map((port) => port.trim())
      .filter((port) => port !== '');
    const virtual = parseVirtualUnits(units);
    if (source === 'config') {
      setProblem(!chosen);
      if (!chosen) return;
      void actions.station.start({ config: chosen.name, ...(operator.trim() ? { operator: operator.trim() } : {}) });
      return;
    }
    const empty = source === 'ports' ? list.length === 0 : virtual.length === 0;
    setProblem(empty);
    if (empty) return;
    void actions.station.start({
      ...(source === 'ports' ? { ports: list } : { virtualLine: { units: virtual } }),
      profile,
      ...(operator.trim() ? { operator: operator.trim() } : {}),
    });
  };
  return (
    <form
      className="station-start"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {source !== 'config' ? <p className="hint-text">{t('stationScreen.profile', { profile })}</p> : null}
      <fieldset className="station-source">
        <legend>{t('stationScreen.source')}</legend>
        <label>
          <input type="radio" name="station-source" checked={source === 'config'} onChange={() => setSource('config')} /> {t('stationScreen.source.config')}
        </label>
        <label>
          <input type="radio" name="station-source" checked={source === 'virtual'} onChange={() => setSource('virtual')} /> {t('stationScreen.source.virtual')}
        </label>
        <label>
          <input type="radio" name="station-source" checked={source === 'ports'} onChange={() => setSource('ports')} /> {t('stationScreen.source.ports')}
        </label>
      </fieldset>
      {source === 'config' ? (
        <>
          <label className="field">
            <span>{t('stationScreen.config')}</span>
            <select value={chosen?.name ?? ''} onChange={(e) => setConfigName(e.target.value)}>
              {usable.length === 0 ? <option value="">{t('stationScreen.configNone')}</option> : null}
              {usable.map((config) => (
                <option key={config.name} value={config.name}>
                  {t('stationScreen.configOption', { name: config.name, station: config.station ?? '', slots: config.slots ?? 0, profile: config.profile ?? '' })}
                </option>
              ))}
            </select>
          </label>
          {chosen?.operatorRequired ? <p className="hint-text">{t('stationScreen.operatorRequired')}</p> : null}
          {configs
            .filter((config) => config.problem !== undefined)
            .map((config) => (
              <p key={config.name} className="error-text">
                {t('stationScreen.configBroken', { name: config.name, problem: config.problem ?? '' })}
              </p>
            ))}
        </>
      ) : source === 'virtual' ? (
        <label className="field">
          <span>{t('stationScreen.virtualUnits')}</span>
          <input value={units} onChange={(e) => setUnits(e.target.value)} />
        </label>
      ) : (
        <label className="field">
          <span>{t('stationScreen.ports')}</span>
          <input value={ports} onChange={(e) => setPorts(e.target.value)} placeholder="/dev/ttyUSB2, /dev/ttyUSB6" />
        </label>
      )}
      <label className="field">
        <span>{t('stationScreen.operator')}</span>
        <input value={operator} onChange={(e) => setOperator(e.target.value)} />
      </label>
      {problem ? <p className="error-text">{t(source === 'config' ? 'stationScreen.configNone' : 'stationScreen.noPorts')}</p> : null}
      <button type="submit" className="primary">
        {t('stationScreen.start')}
      </button>
      {source === 'config' ? <ConfigEditor initialName={chosen?.name ?? ''} /> : null}
    </form>
  );
}

/** Import or edit a station configuration as JSON text: stored only when it passes, every problem named by its field. */
function ConfigEditor({ initialName }: { initialName: string }) {
  const t = useT();
  const actions = useActions();
  const [name, setName] = useState(initialName);
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <details className="station-config-editor">
      <summary>{t('stationScreen.configEditor')}</summary>
      <label className="field">
        <span>{t('stationScreen.configName')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </label>
      <div className="station-config-buttons">
        <button
          type="button"
          disabled={!name.trim()}
          onClick={() =>
            void actions.station.readConfig(name.trim()).then((loaded) => {
              if (loaded !== null) setText(loaded);
            })
          }
        >
          {t('stationScreen.configLoad')}
        </button>
        <FilePickButton
          accept=".json,application/json"
          label={t('stationScreen.configImport')}
          inputLabel={t('stationScreen.configImport')}
          onFile={(file) => {
            if (!name.trim()) setName(file.name.replace(/\.json$/i, '').replace(/[^A-Za-z0-9 ._-]/g, '').slice(0, 100));
            void file.text().then(setText);
          }}
        />
      </div>
      <label className="field">
        <span>{t('stationScreen.configText')}</span>
        <textarea className="station-config-text" value={text} onChange={(e) => setText(e.target.value)} rows={10} spellCheck={false} />
      </label>
      <button
        type="button"
        disabled={!name.trim() || !text.trim()}
        onClick={() =>
          void actions.station.saveConfig(name.trim(), text).then((answer) => {
            setIssues(answer.issues);
            setSaved(answer.ok ? name.trim() : null);
          })
        }
      >
        {t('stationScreen.configSave')}
      </button>
      {saved ? <p className="hint-text">{t('stationScreen.configSaved', { name: saved })}</p> : null}
      {issues.length > 0 ? (
        <ul className="error-text station-config-issues" aria-label={t('stationScreen.configIssues')}>
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}

function UnitDetail() {
  const t = useT();
  const actions = useActions();
  const { selected, slots, units, report } = useAppState((s) => s.station);
  const tile = selected ? slots[selected] : undefined;
  const unit = tile?.runId ? units[tile.runId] : undefined;
  const runId = tile?.runId;
  const ended = unit?.run.outcome != null;
  useEffect(() => {
    if (runId && ended && report.runId !== runId) void actions.station.loadReport();
  }, [runId, ended, report.runId, actions]);
  if (!tile || !unit) return <Empty>{t('stationScreen.unitNone')}</Empty>;
  return (
    <section className="station-unit" aria-label={t('stationScreen.unit', { slot: tile.label })}>
      <h3>{t('stationScreen.unit', { slot: tile.label })}</h3>
      <div className="station-unit-grid">
        <div>
          <h4>{t('stationScreen.steps')}</h4>
          <StepRowsCompact run={unit.run} />
          <h4>{t('tabs.mqtt')}</h4>
          {unit.mqtt.timeline.length === 0 ? <Empty>{t('mqtt.noState')}</Empty> : <Timeline timeline={unit.mqtt.timeline} t={t} />}
        </div>
        <div>
          <h4>{t('stationScreen.log', { count: unit.log.length })}</h4>
          <pre className="station-log">{unit.log.join('\n')}</pre>
        </div>
      </div>
      {report.status === 'ready' && report.view && report.runId === runId ? (
        <>
          <h4>{t('report.title')}</h4>
          <ReportBody view={report.view} dir={report.dir} t={t} />
        </>
      ) : null}
      {report.status === 'error' && report.runId === runId ? <p className="error-text">{t('report.failed', { message: report.error ?? '' })}</p> : null}
    </section>
  );
}

/** The clock, ticking while the station works (elapsed times on the tiles). */
function useNow(intervalMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (intervalMs === null) return;
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
