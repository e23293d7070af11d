/**
 * JSON profile editor: validated as you type (validateProfile); each issue is listed with its
 * field path and marked in the line gutter beside the line where that field is written.
 * Secret values arrive masked and are restored on save when left untouched.
 */
import { useRef } from 'react';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import { Empty, Panel } from '../../../app/ui.tsx';
import { locateIssues } from '../selectors.ts';
import type { LocatedIssue } from '../selectors.ts';

export function ProfileEditor() {
  const t = useT();
  const actions = useActions();
  const editor = useAppState((s) => s.profiles.editor);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const gutterRef = useRef<HTMLDivElement>(null);
  if (editor.loaded === null) {
    return (
      <Panel title={t('editor.title')}>
        <Empty>{t('editor.pick')}</Empty>
      </Panel>
    );
  }
  const issues = locateIssues(editor.text, editor.issues);
  const issueLines = new Map(issues.filter((i) => i.line !== null).map((i) => [i.line as number, i]));
  const lineCount = editor.text.split('\n').length;
  const goTo = (issue: LocatedIssue) => {
    const area = textRef.current;
    if (!area || issue.line === null) return;
    const lines = editor.text.split('\n');
    const start = lines.slice(0, issue.line - 1).reduce((sum, line) => sum + line.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (lines[issue.line - 1]?.length ?? 0));
  };
  return (
    <Panel title={`${t('editor.title')}: ${editor.loaded}`} className="profile-editor">
      {Object.keys(editor.secrets).length > 0 ? <p className="hint-text">{t('editor.secretsMasked')}</p> : null}
      <div className="editor-frame">
        <div className="editor-gutter" ref={gutterRef} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, i) => (
            <div key={i} className={issueLines.has(i + 1) ? 'gutter-line gutter-issue' : 'gutter-line'} title={issueLines.get(i + 1)?.message}>
              {issueLines.has(i + 1) ? '● ' : ''}
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={textRef}
          className="editor-text"
          aria-label={t('editor.jsonLabel')}
          aria-invalid={editor.status === 'invalid'}
          aria-describedby="editor-issues"
          spellCheck={false}
          wrap="off"
          value={editor.text}
          onChange={(event) => actions.profiles.editText(event.target.value)}
          onScroll={(event) => {
            if (gutterRef.current) gutterRef.current.scrollTop = event.currentTarget.scrollTop;
          }}
        />
      </div>
      <div id="editor-issues" className="editor-issues" aria-live="polite">
        <EditorStatus status={editor.status} count={issues.length} />
        {editor.error ? <p className="error-text">{t('common.error', { message: editor.error })}</p> : null}
        <ul>
          {issues.map((issue, i) => (
            <li key={`${issue.path}-${i}`}>
              <button type="button" className="link issue" onClick={() => goTo(issue)} data-path={issue.path}>
                {issue.line !== null ? <span className="issue-line">{issue.line}</span> : null}
                <code>{issue.path}</code> <span>{issue.message}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void actions.profiles.save();
        }}
      >
        <label htmlFor="profile-save-as">{t('editor.name')}</label>
        <input id="profile-save-as" type="text" value={editor.saveAs} onChange={(event) => actions.profiles.setSaveAs(event.target.value)} />
        <button type="submit" className="primary" disabled={editor.saveAs.trim() === '' || editor.status === 'invalid'}>
          {t('editor.save')}
        </button>
        {editor.savedPath ? <span className="hint-text">{t('editor.saved', { path: editor.savedPath })}</span> : null}
      </form>
    </Panel>
  );
}

function EditorStatus({ status, count }: { status: string; count: number }) {
  const t = useT();
  if (status === 'validating') return <p className="hint-text">{t('editor.validating')}</p>;
  if (status === 'valid') return <p className="ok-text">✓ {t('editor.valid')}</p>;
  if (status === 'invalid') return <p className="error-text">✕ {t('editor.issues', { count })}</p>;
  return null;
}
