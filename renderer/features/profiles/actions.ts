/** The profiles feature's actions (beside its slice, like wizard/ and mqtt/): they talk to the back end and update the store. */
import { PROFILE_TEXT_MAX_CHARS } from '../../../shared/ipc.ts';
import type { ImportResult } from '../../../shared/ipc.ts';
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import { maskProfileText, unmaskProfileText } from './mask-secrets.ts';
import { emptyEditor, profileNameFromFile, VALIDATE_DEBOUNCE_MS } from './slice.ts';
import type { ImportState, ProfileEditorState } from './slice.ts';

export function createProfilesActions(ctx: ActionContext) {
  let validation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const editor = (patch: Partial<ProfileEditorState>) =>
    ctx.update((s) => ({ profiles: { ...s.profiles, editor: { ...s.profiles.editor, ...patch } } }));

  async function validateNow(): Promise<void> {
    const id = ++validation;
    const { text, secrets } = ctx.get().profiles.editor;
    try {
      const result = await ctx.api.validateProfile({ text: unmaskProfileText(text, secrets) });
      if (id === validation) editor({ status: result.ok ? 'valid' : 'invalid', issues: result.issues, error: null });
    } catch (error) {
      if (id === validation) editor({ status: 'invalid', issues: [], error: errorMessage(error) });
    }
  }

  const importing = (patch: Partial<ImportState>) =>
    ctx.update((s) => ({ profiles: { ...s.profiles, importing: { ...s.profiles.importing, ...patch } } }));

  async function finishImport(run: () => Promise<ImportResult>): Promise<void> {
    importing({ busy: true, result: null, error: null });
    try {
      const result = await run();
      importing({ busy: false, result });
      if (result.ok && result.name) {
        await loadProfiles();
        ctx.update((s) => ({ profiles: { ...s.profiles, selected: result.name ?? s.profiles.selected } }));
      }
    } catch (error) {
      importing({ busy: false, error: errorMessage(error) });
    }
  }

  async function loadProfiles(): Promise<void> {
    const list = await ctx.api.listProfiles({});
    ctx.update((s) => ({
      profiles: { ...s.profiles, list, selected: s.profiles.selected ?? list[0]?.name ?? null },
    }));
  }

  return {
    loadProfiles,
    selectProfile(name: string): void {
      ctx.update((s) => ({ profiles: { ...s.profiles, selected: name } }));
    },
    async openInEditor(name: string): Promise<void> {
      try {
        const profile = await ctx.api.readProfile({ name });
        const masked = maskProfileText(profile.text);
        editor({ ...emptyEditor, loaded: profile.name, saveAs: profile.name, text: masked.text, secrets: masked.secrets });
        await validateNow();
      } catch (error) {
        editor({ ...emptyEditor, loaded: name, error: errorMessage(error) });
      }
    },
    /** Called on every keystroke; validation follows after a short pause. */
    editText(text: string): void {
      editor({ text, status: 'validating', savedPath: null });
      clearTimeout(timer);
      timer = setTimeout(() => void validateNow(), VALIDATE_DEBOUNCE_MS);
    },
    setSaveAs(saveAs: string): void {
      editor({ saveAs });
    },
    validateNow,
    async save(): Promise<void> {
      clearTimeout(timer);
      const { text, secrets, saveAs } = ctx.get().profiles.editor;
      try {
        const result = await ctx.api.saveProfile({ name: saveAs.trim(), text: unmaskProfileText(text, secrets) });
        editor({ status: result.ok ? 'valid' : 'invalid', issues: result.issues, savedPath: result.path ?? null, error: null });
        if (result.ok) await loadProfiles();
      } catch (error) {
        editor({ error: errorMessage(error) });
      }
    },
    /** Desktop: the main process shows the file dialog and imports the chosen file. */
    importFromDialog(): Promise<void> {
      return finishImport(() => ctx.api.importProfileFile({}));
    },
    /** Browser: the chosen file's text is uploaded (never its path). */
    async importFromUpload(file: File): Promise<void> {
      if (file.size > PROFILE_TEXT_MAX_CHARS) {
        importing({ busy: false, result: null, error: `${file.name}: ${file.size} bytes; a profile is at most ${PROFILE_TEXT_MAX_CHARS}` });
        return;
      }
      const text = await file.text();
      await finishImport(() => ctx.api.importProfile({ name: profileNameFromFile(file.name), text }));
    },
    dispose(): void {
      clearTimeout(timer);
    },
  };
}
export type ProfilesActions = ReturnType<typeof createProfilesActions>;
