/** Opening the diagnose screen, starting and cancelling a diagnosis, and its report (startDiagnosis, cancelRun, getReport). */
import { parseReportJson } from '../../../shared/report.ts';
import { downloadText } from '../../app/download.ts';
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import type { ReportState } from '../report/slice.ts';
import type { DiagnoseState } from './slice.ts';
import { isDiagnosing, startingDiagnosis } from './slice.ts';

export function createDiagnoseActions(ctx: ActionContext) {
  const diagnose = (recipe: (d: DiagnoseState) => Partial<DiagnoseState>) => ctx.update((s) => ({ diagnose: { ...s.diagnose, ...recipe(s.diagnose) } }));

  async function loadReport(): Promise<ReportState | null> {
    const runId = ctx.get().diagnose.runId;
    if (runId === null) return null;
    diagnose((d) => ({ report: { ...d.report, status: 'loading', error: null, runId } }));
    try {
      const answer = await ctx.api.getReport({ runId });
      const loaded: ReportState = { status: 'ready', runId, view: parseReportJson(answer.json), html: answer.html, json: answer.json, dir: answer.dir, error: null };
      diagnose(() => ({ report: loaded }));
      return loaded;
    } catch (error) {
      diagnose((d) => ({ report: { ...d.report, status: 'error', error: errorMessage(error) } }));
      return null;
    }
  }

  async function currentReport(): Promise<ReportState | null> {
    const { report, runId } = ctx.get().diagnose;
    return report.status === 'ready' && report.runId === runId ? report : loadReport();
  }

  return {
    /**
     * Diagnoses the chosen port (with the chosen profile, when there is one, for the certificate
     * comparison). The screen opens at once and follows the diagnosis channel.
     */
    async start(port: string | null = ctx.get().ports.selected): Promise<void> {
      if (port === null || isDiagnosing(ctx.get().diagnose)) return;
      const profile = ctx.get().profiles.selected;
      ctx.update(() => ({ diagnose: startingDiagnosis(port) }));
      try {
        const { runId } = await ctx.api.startDiagnosis({ port, ...(profile !== null ? { profile } : {}) });
        diagnose((d) => ({ runId: d.runId ?? runId, run: { ...d.run, runId: d.run.runId ?? runId }, busy: d.busy === 'starting' ? null : d.busy }));
      } catch (error) {
        diagnose(() => ({ busy: null, error: errorMessage(error) }));
      }
    },
    async cancel(): Promise<void> {
      const runId = ctx.get().diagnose.runId;
      if (runId === null) return;
      diagnose(() => ({ busy: 'cancelling' }));
      try {
        await ctx.api.cancelRun({ runId });
      } catch (error) {
        diagnose(() => ({ error: errorMessage(error) }));
      } finally {
        diagnose((d) => ({ busy: d.busy === 'cancelling' ? null : d.busy }));
      }
    },
    /** Back to the run's screen; the finished diagnosis stays until the next one. */
    close: () => diagnose(() => ({ open: false })),
    show: () => diagnose(() => ({ open: true })),
    loadReport,
    async exportReportHtml(): Promise<void> {
      const loaded = await currentReport();
      if (loaded?.html) downloadText(`fieldlink-diagnosis-${loaded.runId ?? 'run'}.html`, loaded.html, 'text/html');
    },
    async exportReportJson(): Promise<void> {
      const loaded = await currentReport();
      if (loaded?.json) downloadText(`fieldlink-diagnosis-${loaded.runId ?? 'run'}.json`, loaded.json, 'application/json');
    },
  };
}
export type DiagnoseActions = ReturnType<typeof createDiagnoseActions>;
