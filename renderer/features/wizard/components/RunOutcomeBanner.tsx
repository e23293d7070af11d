import { useAppState, useT } from '../../../store/hooks.ts';

export function RunOutcomeBanner() {
  const t = useT();
  const outcome = useAppState((s) => s.run.outcome);
  const error = useAppState((s) => s.run.error);
  return (
    <div aria-live="polite" className="outcome-slot">
      {outcome ? <p className={`outcome outcome-${outcome}`}>{t(`run.outcome.${outcome}`)}</p> : null}
      {error ? <p className="outcome outcome-failed">{t('common.error', { message: error })}</p> : null}
    </div>
  );
}
