/**
 * "Save support bundle" and "Open bundle…" (docs/support-bundles.md#in-the-app). Saving asks the
 * back end to build the run's bundle (its secret scan first): the desktop app has written it where
 * its save dialog said, web mode downloads the zip it gets back; a refused bundle names the file and
 * the kind of secret, never the secret. Opening uploads the zip; the back end verifies it and
 * answers with the run's events (replayed like a session log) and the summary shown on top.
 */
import type { BundleProblem } from '../../../shared/bundle-ipc.ts';
import type { MessageRef } from '../../../shared/messages/index.ts';
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import { downloadBytes } from '../../app/download.ts';
import { showReplay } from '../session/actions.ts';
import type { LogBuffer } from '../at-log/log-buffer.ts';
import { base64ToBytes, bytesToBase64 } from './base64.ts';
import type { BundleState } from './slice.ts';

/** The words of a refusal or a failed verification: which file and what is wrong with it. */
export function problemWords(problem: BundleProblem): MessageRef {
  const file = problem.file ?? { key: 'bundle.zipStructure' as const };
  if (problem.kind === 'secret-found') return { key: 'bundleUi.refused', values: { file, kind: { key: `bundle.secretKind.${problem.secretKind ?? 'secret-field'}` } } };
  return { key: `bundle.invalid.${problem.kind}`, values: { file } };
}

/**
 * The AT log line of the failing command: the last command sent at or before the failure whose
 * text is the command (else one of the same command, else the last command before the failure).
 */
export function failingCommandSeq(buffer: LogBuffer, command: string | null, failedAt: number): number | null {
  const head = command?.split(/[=?]/)[0] ?? null;
  let sameHead: number | null = null;
  let anyCommand: number | null = null;
  for (let seq = buffer.endSeq - 1; seq >= buffer.firstSeq; seq--) {
    if (buffer.kind(seq) !== 'tx-command' || buffer.time(seq) > failedAt) continue;
    const text = buffer.text(seq);
    if (command !== null && text === command) return seq;
    if (head !== null && sameHead === null && text.split(/[=?]/)[0] === head) sameHead = seq;
    anyCommand ??= seq;
  }
  return sameHead ?? anyCommand;
}

export function createBundleActions(ctx: ActionContext) {
  const bundle = (patch: Partial<BundleState>) => ctx.update((s) => ({ bundle: { ...s.bundle, ...patch } }));
  const notice = (key: MessageRef['key'], values: MessageRef['values'], tone: 'info' | 'error') => ctx.update(() => ({ notice: { key, ...(values ? { values } : {}), tone } }));

  return {
    /** Makes the run's support bundle; true when it was saved or downloaded. */
    async saveBundle(runId: string): Promise<boolean> {
      bundle({ saving: runId });
      notice('bundleUi.saving', { runId }, 'info');
      try {
        const answer = await ctx.api.saveSupportBundle({ runId });
        switch (answer.status) {
          case 'cancelled':
            ctx.update(() => ({ notice: null }));
            return false;
          case 'refused': {
            const words = problemWords(answer.problem);
            notice(words.key, words.values, 'error');
            return false;
          }
          case 'saved':
            notice('bundleUi.saved', { file: answer.file, bytes: answer.bytes, files: answer.files }, 'info');
            return true;
          case 'download':
            downloadBytes(answer.fileName, base64ToBytes(answer.base64), 'application/zip');
            notice('bundleUi.downloaded', { file: answer.fileName, bytes: answer.bytes, files: answer.files }, 'info');
            return true;
        }
      } catch (error) {
        notice('bundleUi.failed', { runId, message: errorMessage(error) }, 'error');
        return false;
      } finally {
        bundle({ saving: null });
      }
    },

    /** Verifies and replays an uploaded bundle; true when it opened. */
    async openBundleFile(file: File): Promise<boolean> {
      const name = file.name;
      notice('bundleUi.opening', { name }, 'info');
      try {
        const base64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
        const answer = await ctx.api.openSupportBundle({ upload: { name, base64 } });
        if (answer.status === 'cancelled') return false;
        if (answer.status === 'invalid') {
          notice('bundleUi.invalid', { name, problem: problemWords(answer.problem) }, 'error');
          return false;
        }
        showReplay(ctx, name, answer.runId, answer.events);
        bundle({ opened: { runId: answer.runId, name, summary: answer.summary, events: answer.events }, position: null });
        ctx.update(() => ({ tab: 'log' }));
        notice('bundleUi.opened', { name, count: answer.events.length }, 'info');
        return true;
      } catch (error) {
        notice('bundleUi.openFailed', { name, message: errorMessage(error) }, 'error');
        return false;
      }
    },

    /** Shows the AT log at the failing command of the opened bundle. */
    jumpToFailingCommand(): void {
      const failure = ctx.get().bundle.opened?.summary.failure;
      if (!failure) return;
      // Every line must be in view: a filter could hide the command.
      const seq = failingCommandSeq(ctx.log.buffer, failure.command ?? failure.lastCommand, failure.t);
      if (seq === null) return;
      ctx.update((s) => ({ tab: 'log', log: { ...s.log, jump: { seq, nonce: (s.log.jump?.nonce ?? 0) + 1 } } }));
    },

    /** The timeline scrubber: every view shows the run as it was after the first `count` events. */
    scrubTo(count: number): void {
      const opened = ctx.get().bundle.opened;
      if (!opened || ctx.get().run.runId !== opened.runId) return;
      const position = Math.max(1, Math.min(opened.events.length, Math.round(count)));
      showReplay(ctx, opened.name, opened.runId, opened.events.slice(0, position));
      ctx.log.view.sync();
      bundle({ position: position === opened.events.length ? null : position });
      ctx.update((s) => ({ log: { ...s.log, revision: s.log.revision + 1 } }));
    },
  };
}
export type BundleActions = ReturnType<typeof createBundleActions>;
