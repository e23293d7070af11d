/**
 * Profiles: the list (listProfiles), the chosen one, and the editor (readProfile → masked text,
 * validateProfile as you type, saveProfile). Stale validation answers are dropped by sequence.
 */
import type { ProfileSummary, ValidationIssue } from '../../../shared/ipc.ts';
import type { SecretMap } from './mask-secrets.ts';

export type EditorStatus = 'empty' | 'validating' | 'valid' | 'invalid';

export interface ProfileEditorState {
  /** The profile loaded into the editor. */
  loaded: string | null;
  saveAs: string;
  text: string;
  secrets: SecretMap;
  status: EditorStatus;
  issues: ValidationIssue[];
  savedPath: string | null;
  error: string | null;
}

export interface ProfilesState {
  list: ProfileSummary[];
  selected: string | null;
  editor: ProfileEditorState;
}

export const emptyEditor: ProfileEditorState = {
  loaded: null,
  saveAs: '',
  text: '',
  secrets: {},
  status: 'empty',
  issues: [],
  savedPath: null,
  error: null,
};
export const initialProfiles: ProfilesState = { list: [], selected: null, editor: emptyEditor };

export const VALIDATE_DEBOUNCE_MS = 250;
