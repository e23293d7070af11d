import { FilePickButton } from '../../../app/file-pick-button.tsx';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import { Panel, Empty } from '../../../app/ui.tsx';
import { isDesktop } from '../../../bridge/index.ts';

export function ProfilePicker({ disabled }: { disabled: boolean }) {
  const t = useT();
  const actions = useActions();
  const { list, selected, importing } = useAppState((s) => s.profiles);
  const edit = () => {
    if (selected === null) return;
    actions.showTab('profile');
    void actions.profiles.openInEditor(selected);
  };
  return (
    <Panel title={t('profiles.title')} className="profile-picker">
      {list.length === 0 ? <Empty>{t('profiles.empty')}</Empty> : null}
      <div className="inline-form">
        <select
          aria-label={t('profiles.title')}
          value={selected ?? ''}
          disabled={disabled || list.length === 0}
          onChange={(event) => actions.profiles.selectProfile(event.target.value)}
        >
          {list.map((profile) => (
            <option key={profile.name} value={profile.name}>
              {profile.name} ({t(profile.source === 'builtin' ? 'profiles.builtin' : 'profiles.file')})
            </option>
          ))}
        </select>
        <button type="button" onClick={edit} disabled={selected === null}>
          {t('profiles.edit')}
        </button>
        {isDesktop() ? (
          <button type="button" onClick={() => void actions.profiles.importFromDialog()} disabled={disabled || importing.busy}>
            {t('profiles.import')}
          </button>
        ) : (
          <FilePickButton
            id="profile-import-file"
            accept=".json,application/json"
            label={t('profiles.import')}
            disabled={disabled || importing.busy}
            onFile={(file) => void actions.profiles.importFromUpload(file)}
          />
        )}
      </div>
      <ImportOutcome />
    </Panel>
  );
}

function ImportOutcome() {
  const t = useT();
  const { result, error } = useAppState((s) => s.profiles.importing);
  if (error) return <p className="error-text">{t('common.error', { message: error })}</p>;
  if (!result || result.cancelled) return null;
  if (result.ok) return <p className="ok-text">✓ {t('profiles.imported', { name: result.name ?? '' })}</p>;
  return (
    <div className="error-text" role="alert">
      <p>✕ {t('profiles.importRefused')}</p>
      <ul>
        {result.issues.map((issue, i) => (
          <li key={`${issue.path}-${i}`}>
            <code>{issue.path}</code> {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
