/**
 * The terminal's command lists: pick a saved list or write a new one in the script format
 * (docs/command-lists.md), save or delete it, run it on the chosen port, and see each line's
 * answer, expectation, result and time, failures marked.
 */
import { useEffect, useMemo, useState } from 'react';
import { COMMAND_LIST_NAME_PATTERN, formatCommandScript, parseCommandScript } from '../../../../shared/command-list.ts';
import type { CommandLineResult } from '../../../../shared/command-list.ts';
import { useActions, useAppState } from '../../../store/hooks.ts';
import { errorMessage } from '../../../store/action-context.ts';
import { commandListWords, issueWordKey } from '../command-list-words.ts';

const SECRET_ISSUE = /^lines\.(\d+)\.(?:command|expect)$/;

export function CommandLists() {
  const language = useAppState((s) => s.settings.language);
  const w = useMemo(() => commandListWords(language), [language]);
  const actions = useActions();
  const port = useAppState((s) => s.ports.selected);
  const { names, running, run, runError } = useAppState((s) => s.terminal.lists);
  const [picked, setPicked] = useState('');
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [stopOnFailure, setStopOnFailure] = useState(false);
  const [messages, setMessages] = useState<{ kind: 'info' | 'error'; text: string }[]>([]);

  useEffect(() => {
    void actions.terminal.refreshCommandLists().catch((error: unknown) => setMessages([{ kind: 'error', text: w('failedCall', { message: errorMessage(error) }) }]));
  }, [actions, w]);

  const fail = (error: unknown) => setMessages([{ kind: 'error', text: w('failedCall', { message: errorMessage(error) }) }]);

  /** The editor's lines, or undefined after showing what is wrong with them. */
  const parsed = () => {
    const script = parseCommandScript(text);
    if (script.issues.length === 0) return script.lines;
    setMessages(script.issues.map((issue) => ({ kind: 'error', text: w(issueWordKey(issue.code), { line: issue.line }) })));
    return undefined;
  };

  const pick = async (value: string) => {
    setPicked(value);
    setMessages([]);
    if (value === '') {
      setName('');
      setText('');
      setStopOnFailure(false);
      return;
    }
    try {
      const list = await actions.terminal.readCommandList(value);
      setName(list.name);
      setText(formatCommandScript(list.lines));
      setStopOnFailure(list.stopOnFailure ?? false);
    } catch (error) {
      fail(error);
    }
  };

  const save = async () => {
    if (!COMMAND_LIST_NAME_PATTERN.test(name)) return setMessages([{ kind: 'error', text: w('badName') }]);
    const lines = parsed();
    if (!lines) return;
    try {
      const result = await actions.terminal.saveCommandList({ name, lines, ...(stopOnFailure ? { stopOnFailure } : {}) });
      if (result.ok) {
        setPicked(name);
        setMessages([{ kind: 'info', text: w('saved', { name }) }]);
        return;
      }
      setMessages(
        result.issues.map((issue) => {
          const secret = SECRET_ISSUE.exec(issue.path);
          return { kind: 'error', text: secret ? w('secretLine', { line: Number(secret[1]) + 1 }) : w('notSaved', { message: `${issue.path}: ${issue.message}` }) };
        }),
      );
    } catch (error) {
      fail(error);
    }
  };

  const remove = async () => {
    if (picked === '') return;
    try {
      await actions.terminal.deleteCommandList(picked);
      setMessages([{ kind: 'info', text: w('deleted', { name: picked }) }]);
      setPicked('');
      setName('');
      setText('');
    } catch (error) {
      fail(error);
    }
  };

  const start = async () => {
    if (port === null) return;
    const lines = parsed();
    if (!lines) return;
    setMessages([]);
    await actions.terminal.runCommandList(port, lines, stopOnFailure);
  };

  const counts = run ? countOutcomes(run.results) : undefined;

  return (
    <section className="cmdlists" aria-label={w('title')}>
      <h3>{w('title')}</h3>
      <div className="cmdlists-bar inline-form">
        <label htmlFor="cmdlist-pick">{w('pick')}</label>
        <select id="cmdlist-pick" value={picked} onChange={(event) => void pick(event.target.value)}>
          <option value="">{w('newList')}</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <label htmlFor="cmdlist-name">{w('name')}</label>
        <input id="cmdlist-name" type="text" value={name} maxLength={100} autoComplete="off" onChange={(event) => setName(event.target.value)} />
      </div>
      <label htmlFor="cmdlist-script">{w('script')}</label>
      <textarea id="cmdlist-script" className="cmdlists-script" rows={6} spellCheck={false} value={text} placeholder={'ATI\n=> Quectel\nAT+CSQ\n@wait 500ms'} onChange={(event) => setText(event.target.value)} />
      <p className="hint">{w('scriptHelp')}</p>
      <div className="cmdlists-actions inline-form">
        <label>
          <input type="checkbox" checked={stopOnFailure} onChange={(event) => setStopOnFailure(event.target.checked)} /> {w('stopOnFailure')}
        </label>
        <button type="button" onClick={() => void save()}>
          {w('save')}
        </button>
        <button type="button" disabled={picked === ''} onClick={() => void remove()}>
          {w('delete')}
        </button>
        <button type="button" className="primary" disabled={port === null || running || text.trim() === ''} aria-busy={running} onClick={() => void start()}>
          {running ? w('running') : w('run')}
        </button>
      </div>
      {port === null ? <p className="hint">{w('needPort')}</p> : null}
      <ul className="cmdlists-messages">
        {messages.map((m, i) => (
          <li key={i} className={m.kind === 'error' ? 'cmdlists-error' : 'cmdlists-info'} role={m.kind === 'error' ? 'alert' : 'status'}>
            {m.text}
          </li>
        ))}
        {runError !== null ? (
          <li className="cmdlists-error" role="alert">
            {w('failedCall', { message: runError })}
          </li>
        ) : null}
      </ul>
      {run && counts ? (
        <>
          <p className={run.passed ? 'cmdlists-summary cmdlists-passed' : 'cmdlists-summary cmdlists-failed'}>{w('summary', { ...counts, total: run.results.length })}</p>
          <table className="cmdlists-results">
            <thead>
              <tr>
                <th>{w('colLine')}</th>
                <th>{w('colCommand')}</th>
                <th>{w('colAnswer')}</th>
                <th>{w('colExpected')}</th>
                <th>{w('colResult')}</th>
                <th>{w('colTime')}</th>
              </tr>
            </thead>
            <tbody>
              {run.results.map((r) => (
                <tr key={r.index} className={`cmdlists-row cmdlists-${r.outcome}`}>
                  <td>{r.index + 1}</td>
                  <td className="cmdlists-mono">{r.command}</td>
                  <td className="cmdlists-mono cmdlists-answer">{[...r.lines, ...(r.final === '' ? [] : [r.final]), ...(r.error === undefined ? [] : [`! ${r.error}`])].join('\n')}</td>
                  <td className="cmdlists-mono">{r.expect ?? ''}</td>
                  <td className="cmdlists-outcome">{w(r.outcome)}</td>
                  <td>{r.outcome === 'skipped' ? '' : w('ms', { ms: r.durationMs })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

function countOutcomes(results: readonly CommandLineResult[]): { passed: number; failed: number; skipped: number } {
  const count = (outcome: CommandLineResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}
