// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { CalibrationPanel } from '../../../renderer/features/calibration/components/CalibrationPanel.tsx';
import { formatDegrees } from '../../../renderer/features/calibration/selectors.ts';
import type { CalibrationResult } from '../../../shared/events.ts';
import { cleanup, renderWithStore } from './harness.tsx';

afterEach(cleanup);

const result = (patch: Partial<CalibrationResult> = {}): CalibrationResult => ({
  type: 'calibration-result',
  t: 1_750_000_000_000,
  serverRoll: 3.5,
  serverPitch: -1.2,
  measuredRoll: 3.4,
  measuredPitch: -1.1,
  residualDeg: 0.14,
  toleranceDeg: 2,
  pass: true,
  raw: { ax: 21, ay: 61, az: 998 },
  ...patch,
});

describe('Calibration panel', () => {
  it('waits for a result', async () => {
    await renderWithStore(<CalibrationPanel />);
    expect(screen.getByText('No calibration result yet.')).toBeTruthy();
  });

  it('shows server and measured angles, residual against tolerance, and the attitude drawn', async () => {
    const h = await renderWithStore(<CalibrationPanel />);
    h.emitRunner('run-1', [result()]);
    expect(screen.getByRole('status').textContent).toContain('Within tolerance');
    const cells = [...document.querySelectorAll('.angles tbody td')].map((td) => td.textContent);
    expect(cells).toEqual(['3.5°', '−1.2°', '3.4°', '−1.1°']);
    expect(screen.getByText('0.1°')).toBeTruthy();
    expect(screen.getByText('≤ 2.0°')).toBeTruthy();
    expect(screen.getByText('21, 61, 998')).toBeTruthy();
    const pictures = document.querySelectorAll('svg[role="img"]');
    expect(pictures).toHaveLength(2);
    const measured = [...pictures].map((svg) => svg.querySelectorAll('g')[1]?.getAttribute('transform'));
    expect(measured).toEqual(['rotate(-3.4)', 'rotate(1.1)']);
  });

  it('says so when the residual is out of tolerance', async () => {
    const h = await renderWithStore(<CalibrationPanel />);
    h.emitRunner('run-1', [result({ residualDeg: 8.15, pass: false, measuredRoll: -3.63, measuredPitch: -5.17 })]);
    expect(screen.getByRole('status').textContent).toContain('Out of tolerance');
    expect(document.querySelector('.verdict-fail')).toBeTruthy();
  });
});

describe('formatDegrees', () => {
  it.each([
    [0.14, '0.1°'],
    [-1.25, '−1.2°'],
    [-0.04, '0.0°'],
    [12, '12.0°'],
  ] as const)('%d → %s', (value, text) => expect(formatDegrees(value)).toBe(text));
});
