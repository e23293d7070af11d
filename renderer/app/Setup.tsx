/**
 * Port and profile choice. Once a run starts (or a session is replayed) they fold into a
 * one-line summary so the wizard has the room; "Change" unfolds them again.
 */
import { useEffect, useState } from 'react';
import { useAppState, useT } from '../store/hooks.ts';
import { PortPicker } from '../features/ports/components/PortPicker.tsx';
import { ProfilePicker } from '../features/profiles/components/ProfilePicker.tsx';

export function Setup({ locked }: { locked: boolean }) {
  const t = useT();
  const runId = useAppState((s) => s.run.runId);
  const source = useAppState((s) => s.run.source);
  // The run's own port and profile (a replayed session's come from its log).
  const port = useAppState((s) => s.run.port ?? s.ports.selected);
  const profile = useAppState((s) => s.run.profileName ?? s.profiles.selected);
  const [folded, setFolded] = useState(false);
  useEffect(() => setFolded(runId !== null), [runId]);

  if (!folded || source === 'none') {
    return (
      <>
        <PortPicker disabled={locked} />
        <ProfilePicker disabled={locked} />
      </>
    );
  }
  return (
    <section className="panel setup-summary" aria-label={t('ports.title')}>
      <dl>
        <dt>{t('ports.title')}</dt>
        <dd>{port ?? t('common.none')}</dd>
        <dt>{t('profiles.title')}</dt>
        <dd>{profile ?? t('common.none')}</dd>
      </dl>
      <button type="button" onClick={() => setFolded(false)} disabled={locked}>
        {t('setup.change')}
      </button>
    </section>
  );
}
