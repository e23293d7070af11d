/** The run's report (getReport): parsed JSON for the view, HTML and JSON text for export. */
import type { RunReport as ReportView } from '../../../shared/report.ts';

export interface ReportState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  runId: string | null;
  view: ReportView | null;
  html: string | null;
  json: string | null;
  dir: string | null;
  error: string | null;
}

export const initialReport: ReportState = { status: 'idle', runId: null, view: null, html: null, json: null, dir: null, error: null };
