import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import { Panel, Empty } from '../../../app/ui.tsx';

export function ProfilePicker({ disabled }: { disabled: boolean }) {
  const t = useT();
  const actions = useActions();
  const { list, selected } = useAppState((s) => s.profiles);
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
      </div>
    </Panel>
  );
}
