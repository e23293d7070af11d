/**
 * One slot of the station grid: its label, a big PASS / FAIL / RUNNING word on the state's
 * colour, the current step, a progress bar, the elapsed time and the IMEI. An empty slot keeps
 * showing the last unit's result. A click shows the unit's details. A failed unit still in its
 * slot offers Retry (from its failed step), a passed one Rework; a scanned unit serial shows on
 * the tile, and a unit that waits for one says so.
 */
import { ProgressBar } from '../../../app/ui.tsx';
import { useT } from '../../../store/hooks.ts';
import { runPercent } from '../../wizard/selectors.ts';
import type { SlotTile, StationUnit } from '../slice.ts';

export interface SlotTileProps {
  tile: SlotTile;
  unit: StationUnit | undefined;
  now: number;
  selected: boolean;
  onSelect: () => void;
  /** The station takes commands (it is running). */
  commands: boolean;
  /** The station's units wait for a scanned serial (`unitSerial: true`). */
  serialRequired: boolean;
  onCommand: (action: 'retry' | 'rework') => void;
}

export function SlotTileView({ tile, unit, now, selected, onSelect, commands, serialRequired, onCommand }: SlotTileProps) {
  const t = useT();
  const running = tile.state === 'running';
  const end = running ? now : (tile.endedAt ?? now);
  const elapsedMs = tile.startedAt !== undefined ? Math.max(0, end - tile.startedAt) : undefined;
  const percent = unit ? (running ? runPercent(unit.run) : tile.state === 'passed' ? 100 : runPercent(unit.run)) : undefined;
  const refusal = tile.state === 'refused' && tile.last?.refusal ? t(`stationScreen.refusal.${tile.last.refusal}`, { slot: tile.last.otherSlot ?? '' }) : null;
  const failure = (tile.state === 'failed' || tile.state === 'refused') && tile.last?.code ? tile.last.code : null;
  const waitsForSerial = serialRequired && tile.state === 'present' && !tile.unitSerial;
  const action = commands && tile.state === 'failed' ? 'retry' : commands && tile.state === 'passed' ? 'rework' : null;
  const stepText = running && tile.step ? t(`step.${tile.step}`) : waitsForSerial ? t('stationScreen.waitsForSerial') : (refusal ?? failure ?? '');
  return (
    <div role="listitem" className={`slot-tile slot-${tile.state}${selected ? ' slot-selected' : ''}${waitsForSerial ? ' slot-waits-serial' : ''}`} data-slot={tile.label} data-state={tile.state} onClick={onSelect}>
      {/* The tile's body is one button (keyboard: Enter selects); its click reaches the tile. */}
      <button type="button" className="slot-select" aria-pressed={selected} aria-label={t('stationScreen.tileLabel', { slot: tile.label, state: t(`stationScreen.slot.${tile.state}`) })}>
        <span className="slot-label">{tile.label}</span>
        <span className="slot-word">{t(`stationScreen.slot.${tile.state}`)}</span>
        <span className="slot-step">{stepText}</span>
        {tile.state === 'empty' && tile.last ? <span className="slot-last">{t('stationScreen.lastResult', { outcome: t(`stationScreen.slot.${tile.last.outcome}`) })}</span> : null}
        {percent !== undefined && tile.state !== 'empty' ? <ProgressBar percent={percent} label={t('stationScreen.progress', { slot: tile.label })} tone={tile.state === 'failed' || tile.state === 'refused' ? 'bad' : tile.state === 'passed' ? 'ok' : 'accent'} /> : null}
        <span className="slot-facts">
          <span className="slot-elapsed">{elapsedMs !== undefined ? t('stationScreen.elapsed', { seconds: Math.floor(elapsedMs / 1000) }) : ''}</span>
          <span className="slot-imei">{tile.imei ?? tile.last?.imei ?? ''}</span>
        </span>
        {tile.unitSerial ? <span className="slot-serial">{t('stationScreen.serialOnTile', { serial: tile.unitSerial })}</span> : null}
      </button>
      {action ? (
        <button
          type="button"
          className="slot-action"
          data-action={action}
          aria-label={t(action === 'retry' ? 'stationScreen.retryOn' : 'stationScreen.reworkOn', { slot: tile.label })}
          onClick={(event) => {
            event.stopPropagation(); // a command, not a selection
            onCommand(action);
          }}
        >
          {t(action === 'retry' ? 'stationScreen.retry' : 'stationScreen.rework')}
        </button>
      ) : null}
    </div>
  );
}
