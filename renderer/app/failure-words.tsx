/**
 * A failure as the operator reads it (catalogue words from shared/messages/failure-text.ts): what it
 * means, the command that failed (the caller words that row: the wizard names it, a bundle adds a
 * jump to it), what the module said and what to do. The wizard's failure panel and an opened
 * support bundle show the same words.
 */
import type { ReactNode } from 'react';
import type { Translate } from '../i18n/translate.ts';

export function FailureWords({ meaning, hint, moduleSaid, commandRow, t }: { meaning: string; hint: string; moduleSaid: string | undefined; commandRow: ReactNode; t: Translate }) {
  return (
    <>
      <p className="failure-meaning">
        <span className="label">{t('wizard.meaning')}</span> {meaning}
      </p>
      {commandRow}
      {moduleSaid ? (
        <div>
          <span className="label">{t('wizard.moduleSaid')}</span>
          <pre className="module-said">{moduleSaid}</pre>
        </div>
      ) : null}
      <p className="failure-hint">
        <span className="label">{t('wizard.hint')}</span> {hint}
      </p>
    </>
  );
}
