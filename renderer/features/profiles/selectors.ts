import type { ValidationIssue } from '../../../shared/ipc.ts';
import type { AppState } from '../../store/app-state.ts';
import { lineOfPath } from './json-path-line.ts';

export const selectProfileList = (s: AppState) => s.profiles.list;
export const selectSelectedProfile = (s: AppState) => s.profiles.selected;
export const selectEditor = (s: AppState) => s.profiles.editor;

export interface LocatedIssue extends ValidationIssue {
  line: number | null;
}

/** Issues with the editor line their field path is on (null when the path is not in the text). */
export function locateIssues(text: string, issues: readonly ValidationIssue[]): LocatedIssue[] {
  return issues.map((issue) => ({ ...issue, line: lineOfPath(text, issue.path) }));
}
