/**
 * What changed between two runs of a device, as a table (the History device page and an opened
 * support bundle show the same one): a row per difference, its words from shared/run-diff.ts.
 */
import { describeDifference, type RunDifference } from '../../shared/run-diff.ts';
import type { Language } from '../../shared/steps.ts';
import type { Translate } from '../i18n/translate.ts';

export function RunDifferences({ caption, differences, t, language }: { caption: string; differences: readonly RunDifference[]; t: Translate; language: Language }) {
  return (
    <table className="run-differences">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('history.diff.what')}</th>
          <th scope="col">{t('history.diff.before')}</th>
          <th scope="col">{t('history.diff.after')}</th>
        </tr>
      </thead>
      <tbody>
        {differences.map((d) => {
          const words = describeDifference(d, language);
          return (
            <tr key={`${d.field}-${d.step ?? ''}`} data-field={d.field}>
              <th scope="row">{words.label}</th>
              <td>{words.before}</td>
              <td>{words.after}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
