/**
 * The verdict's overall severity as a banner: OK green, "not provisioned yet" the neutral info
 * colour (a new unit is not broken), warning amber, fault red.
 */
import type { DiagnosisVerdict } from '../../../../shared/events.ts';
import { verdictHeadline } from '../../../../shared/diagnosis.ts';
import { useAppState, useT } from '../../../store/hooks.ts';

export function VerdictBanner({ verdict }: { verdict: DiagnosisVerdict }) {
  const t = useT();
  const language = useAppState((s) => s.settings.language);
  const count = (severity: DiagnosisVerdict['overall']) => verdict.findings.filter((f) => f.severity === severity).length;
  return (
    <div className={`verdict-banner verdict-${verdict.overall}`} role="status" data-overall={verdict.overall}>
      <p className="verdict-title">{t(`diagnose.severity.${verdict.overall}`)}</p>
      <p className="verdict-headline">{verdictHeadline(verdict.overall, language)}</p>
      <p className="verdict-counts">{t('diagnose.counts', { fault: count('fault'), warning: count('warning'), pending: count('not-provisioned'), ok: count('ok') })}</p>
    </div>
  );
}
