/**
 * One slot of the station grid: its label, a big PASS / FAIL / RUNNING word on the state's
 * colour, the current step, a progress bar, the elapsed time and the IMEI. An empty slot keeps
 * showing the last unit's result. A click shows the unit's details.
 */
import { ProgressBar } from '../../../app/ui.tsx';
import { useT } from '../../../store/hooks.ts';
import { runPercent } from '../../wizard/selectors.ts';
import type { SlotTile, StationUnit } from '../slice.ts';

export function SlotTileView({ tile, unit, now, selected, onSelect }: { tile: SlotTile; unit: StationUnit | undefined; now: number; selected: boolean; onSelect: () => void }) {
  const t = useT();
  const running = tile.state === 'running';
  const end = running ? now : (tile.endedAt ?? now);
  const elapsedMs = tile.startedAt !== undefined ? Math.max(0, end - tile.startedAt) : undefined;
  const percent = unit ? (running ? runPercent(unit.run) : tile.state === 'passed' ? 100 : runPercent(unit.run)) : undefined;
  const refusal = tile.state === 'refused' && tile.last?.refusal ? t(`stationScreen.refusal.${tile.last.refusal}`, { slot: tile.last.otherSlot ?? '' }) : null;
  const failure = (tile.state === 'failed' || tile.state === 'refused') && tile.last?.code ? tile.last.code : null;
  return (
    <button
      type="button"
      role="listitem"
      className={`slot-tile slot-${tile.state}${selected ? ' slot-selected' : ''}`}
      aria-pressed={selected}
      data-slot={tile.label}
      data-state={tile.state}
      onClick={onSelect}
    >
      <span className="slot-label">{tile.label}</span>
      <span className="slot-word">{t(`stationScreen.slot.${tile.state}`)}</span>
      <span className="slot-step">{running && tile.step ? t(`step.${tile.step}`) : (refusal ?? failure ?? '')}</span>
      {tile.state === 'empty' && tile.last ? <span className="slot-last">{t('stationScreen.lastResult', { outcome: t(`stationScreen.slot.${tile.last.outcome}`) })}</span> : null}
      {percent !== undefined && tile.state !== 'empty' ? <ProgressBar percent={percent} label={t('stationScreen.progress', { slot: tile.label })} tone={tile.state === 'failed' || tile.state === 'refused' ? 'bad' : tile.state === 'passed' ? 'ok' : 'accent'} /> : null}
      <span className="slot-facts">
        <span className="slot-elapsed">{elapsedMs !== undefined ? t('stationScreen.elapsed', { seconds: Math.floor(elapsedMs / 1000) }) : ''}</span>
        <span className="slot-imei">{tile.imei ?? tile.last?.imei ?? ''}</span>
      </span>
    </button>
  );
}
