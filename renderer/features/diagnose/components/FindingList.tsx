/**
 * Each finding of the verdict: severity, code, what it means, what to do and the reading behind it,
 * in the chosen language (the verdict table's words, filled from the finding's values). Faults come
 * first, then warnings, not-provisioned, ok.
 */
import type { DiagnosisVerdict } from '../../../../shared/events.ts';
import { describeFinding, isFindingCode } from '../../../../shared/diagnosis.ts';
import type { Language } from '../../../../shared/steps.ts';
import { useAppState, useT } from '../../../store/hooks.ts';

type Finding = DiagnosisVerdict['findings'][number];

const ORDER: Record<Finding['severity'], number> = { fault: 0, warning: 1, 'not-provisioned': 2, ok: 3 };
const ICON: Record<Finding['severity'], string> = { fault: '✕', warning: '!', 'not-provisioned': '○', ok: '✓' };

/** The finding's words in `language`; a code this version does not know keeps the event's English. */
export function findingWords(finding: Finding, language: Language): { meaning: string; action: string } {
  if (!isFindingCode(finding.code)) return { meaning: finding.meaning, action: finding.action };
  return describeFinding(finding.code, finding.values ?? {}, language);
}

export function FindingList({ verdict }: { verdict: DiagnosisVerdict }) {
  const t = useT();
  const language = useAppState((s) => s.settings.language);
  const findings = [...verdict.findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return (
    <ul className="findings" aria-label={t('diagnose.findings')}>
      {findings.map((finding, index) => {
        const words = findingWords(finding, language);
        return (
          <li key={`${finding.code}-${index}`} className={`finding finding-${finding.severity}`} data-code={finding.code}>
            <div className="finding-head">
              <span className="finding-icon" aria-hidden="true">
                {ICON[finding.severity]}
              </span>
              <span className={`badge finding-severity severity-${finding.severity}`}>{t(`diagnose.severity.${finding.severity}`)}</span>
              <code className="finding-code">{finding.code}</code>
            </div>
            <dl className="finding-body">
              <dt>{t('diagnose.meaning')}</dt>
              <dd>{words.meaning}</dd>
              {finding.severity !== 'ok' ? (
                <>
                  <dt>{t('diagnose.action')}</dt>
                  <dd>{words.action}</dd>
                </>
              ) : null}
              {finding.detail !== undefined ? (
                <>
                  <dt>{t('diagnose.detail')}</dt>
                  <dd>
                    <code>{finding.detail}</code>
                  </dd>
                </>
              ) : null}
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
