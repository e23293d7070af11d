/** The report feature's actions (beside its slice, like wizard/ and mqtt/): they talk to the back end and update the store. */
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import { parseReportJson } from '../../../shared/report.ts';
import { downloadText } from '../../app/download.ts';
import type { ReportState } from './slice.ts';

export function createReportActions(ctx: ActionContext) {
  const report = (patch: Partial<ReportState>) => ctx.update((s) => ({ report: { ...s.report, ...patch } }));

  async function loadReport(): Promise<ReportState | null> {
    const runId = ctx.get().run.runId;
    if (runId === null) return null;
    report({ status: 'loading', error: null, runId });
    try {
      const answer = await ctx.api.getReport({ runId });
      const loaded: ReportState = { status: 'ready', runId, view: parseReportJson(answer.json), html: answer.html, json: answer.json, dir: answer.dir, error: null };
      report(loaded);
      return loaded;
    } catch (error) {
      report({ status: 'error', error: errorMessage(error) });
      return null;
    }
  }

  async function current(): Promise<ReportState | null> {
    const state = ctx.get().report;
    return state.status === 'ready' && state.runId === ctx.get().run.runId ? state : loadReport();
  }

  return {
    loadReport,
    /** Downloads report.html (the wizard's "Save report" and the report view's export). */
    async exportReportHtml(): Promise<void> {
      const loaded = await current();
      if (loaded?.html) downloadText(`fieldlink-report-${loaded.runId ?? 'run'}.html`, loaded.html, 'text/html');
    },
    async exportReportJson(): Promise<void> {
      const loaded = await current();
      if (loaded?.json) downloadText(`fieldlink-report-${loaded.runId ?? 'run'}.json`, loaded.json, 'application/json');
    },
  };
}
export type ReportActions = ReturnType<typeof createReportActions>;
