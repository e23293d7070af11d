/** The one report schema: what the writer builds passes it, a wrong field is named, a newer report still opens. */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/engine/session/report.ts';
import { ReportFormatError, RunReportSchema, parseReportJson } from '../../../shared/report.ts';
import { cancelledRun, failedRun, passedRun } from './sample-events.ts';

describe('report schema (shared)', () => {
  it.each([
    ['passed', passedRun],
    ['failed', failedRun],
    ['cancelled', cancelledRun],
  ])('the writer’s %s report is valid as written', (_name, run) => {
    const report = buildReport(run());
    expect(RunReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it('names the first wrong field', () => {
    const report = { ...buildReport(passedRun()), outcome: 'maybe' };
    expect(() => parseReportJson(JSON.stringify(report))).toThrow(ReportFormatError);
    expect(() => parseReportJson(JSON.stringify(report))).toThrow(/report\.json: outcome:/);
    expect(() => parseReportJson('{')).toThrow('report.json is not JSON');
  });

  it('a report from a newer version with extra fields still opens', () => {
    const view = parseReportJson(JSON.stringify({ ...buildReport(failedRun()), stationSlot: 4 }));
    expect(view.failure?.step).toBe('mqtt-connect');
  });
});
