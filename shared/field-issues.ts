/**
 * Zod issues as one line per field, `{ path: 'slots.2.port', problem: 'required' }`: how profiles
 * and station configurations name what is wrong in a file a person wrote (docs/profile.md).
 */
import type { z } from 'zod';

export interface FieldIssue {
  /** Dotted path of the field (`fota.policy`, `slots.3.port`), or the file's name for the root. */
  path: string;
  problem: string;
}

/** A problem worded for one kind of issue, or undefined to use the general wording. */
export type IssueWording = (issue: z.core.$ZodIssue, path: string) => string | undefined;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * `root` names the whole file when the issue is about it; `wording` words issues the general rules
 * below do not (a union of port forms, say).
 */
export function fieldIssues(error: z.ZodError, input: unknown, root: string, wording?: IssueWording): FieldIssue[] {
  const dotted = (path: readonly PropertyKey[]) => (path.length === 0 ? root : path.map(String).join('.'));
  return error.issues.flatMap((issue): FieldIssue[] => {
    const path = dotted(issue.path);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: dotted([...issue.path, key]), problem: 'unknown key' }));
    if (issue.code === 'invalid_value') return [{ path, problem: `expected one of ${issue.values.map(String).join('|')}` }];
    if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return [{ path, problem: 'required' }];
    const worded = wording?.(issue, path);
    if (worded !== undefined) return [{ path, problem: worded }];
    if (issue.code === 'invalid_type' && issue.expected === 'object') return [{ path, problem: 'expected an object' }];
    return [{ path, problem: issue.message }];
  });
}
