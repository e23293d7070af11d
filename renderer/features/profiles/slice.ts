/**
 * Profiles: the list (listProfiles), the chosen one, the editor (readProfile → masked text,
 * validateProfile as you type, saveProfile), and importing a profile file: the desktop file
 * dialog (importProfileFile) or, in a browser, the file's text (importProfile). The page never
 * sends a file path; the back end checks an import like a run and stores it only when it passes.
 * Stale validation answers are dropped by sequence.
 */
import { PROFILE_NAME_PATTERN } from '../../../shared/ipc.ts';
import type { ImportResult, ProfileSummary, ValidationIssue } from '../../../shared/ipc.ts';
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

/** The last import: its name and problems, or the error that stopped it. */
export interface ImportState {
  busy: boolean;
  result: ImportResult | null;
  error: string | null;
}

export interface ProfilesState {
  list: ProfileSummary[];
  selected: string | null;
  editor: ProfileEditorState;
  importing: ImportState;
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
export const initialProfiles: ProfilesState = { list: [], selected: null, editor: emptyEditor, importing: { busy: false, result: null, error: null } };

/** A stored-profile name from an uploaded file's name (`Fleet A (2).json` → `Fleet A 2`). */
export function profileNameFromFile(fileName: string): string {
  const base = fileName.replace(/\.json$/i, '').replace(/[^A-Za-z0-9 ._-]/g, '').replace(/^[^A-Za-z0-9]+/, '').slice(0, 100);
  return PROFILE_NAME_PATTERN.test(base) && base !== 'demo' ? base : 'imported';
}

export const VALIDATE_DEBOUNCE_MS = 250;
