// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { App } from '../../../renderer/app/App.tsx';
import { translate } from '../../../renderer/i18n/translate.ts';
import { cleanup, renderWithStore } from './harness.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('translate (the shared catalogue)', () => {
  it('fills values in either language and shows a value nobody gave as "?"', () => {
    expect(translate('en', 'log.count', { shown: 3, total: 4 })).toBe('3 of 4 lines');
    expect(translate('ko', 'log.count', { shown: 3, total: 4 })).toBe('전체 4줄 중 3줄');
    expect(translate('en', 'log.count', { shown: 3 })).toBe('3 of ? lines');
  });
});

describe('first run: the language follows the browser', () => {
  const firstRun = { getSettings: () => ({ theme: 'light' as const }) };

  it('a Korean browser (ko-KR) starts in Korean and remembers it', async () => {
    vi.stubGlobal('navigator', { ...navigator, language: 'ko-KR' });
    const h = await renderWithStore(<App />, { handlers: firstRun });
    expect(document.documentElement.lang).toBe('ko');
    expect(screen.getByRole('button', { name: '시작' })).toBeTruthy();
    expect(h.api.requests('setSettings')).toEqual([{ language: 'ko' }]);
  });

  it('an English (or any other) browser starts in English', async () => {
    vi.stubGlobal('navigator', { ...navigator, language: 'de-DE' });
    const h = await renderWithStore(<App />, { handlers: firstRun });
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByRole('button', { name: 'Start' })).toBeTruthy();
    expect(h.api.requests('setSettings')).toEqual([{ language: 'en' }]);
  });

  it('a language the user chose before wins over the browser', async () => {
    vi.stubGlobal('navigator', { ...navigator, language: 'en-US' });
    const h = await renderWithStore(<App />, { settings: { language: 'ko', theme: 'light' } });
    expect(screen.getByRole('button', { name: '시작' })).toBeTruthy();
    expect(h.api.requests('setSettings')).toEqual([]);
  });
});

describe('App shell', () => {
  it('starts in the remembered language and theme', async () => {
    await renderWithStore(<App />, { settings: { language: 'ko', theme: 'dark' } });
    expect(document.documentElement.lang).toBe('ko');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(screen.getByRole('button', { name: '시작' })).toBeTruthy();
    expect(screen.getByText('포트 열기 및 장치 확인')).toBeTruthy();
  });

  it('switches language and theme and remembers them with setSettings', async () => {
    const h = await renderWithStore(<App />);
    expect(screen.getByRole('button', { name: 'Start' })).toBeTruthy();
    await h.run(() => fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'ko' } }));
    expect(screen.getByRole('button', { name: '시작' })).toBeTruthy();
    expect(screen.getByText('G센서 보정')).toBeTruthy();
    await h.run(() => fireEvent.change(screen.getByLabelText('테마'), { target: { value: 'dark' } }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(h.api.requests('setSettings')).toEqual([{ language: 'ko' }, { theme: 'dark' }]);
  });

  it('theme "system" follows the OS dark/light setting, live', async () => {
    const listeners = new Set<() => void>();
    const media = { matches: true, addEventListener: (_: string, l: () => void) => listeners.add(l), removeEventListener: (_: string, l: () => void) => listeners.delete(l) };
    vi.stubGlobal('matchMedia', (query: string) => ({ ...media, matches: query.includes('dark') && media.matches }));
    const h = await renderWithStore(<App />, { settings: { language: 'en', theme: 'system' } });
    expect(document.documentElement.dataset.theme).toBe('dark');
    media.matches = false;
    await h.run(() => listeners.forEach((listener) => listener()));
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('moves between panels with the arrow keys (tabs)', async () => {
    await renderWithStore(<App />);
    const log = screen.getByRole('tab', { name: 'AT log' });
    expect(log.getAttribute('aria-selected')).toBe('true');
    log.focus();
    fireEvent.keyDown(log, { key: 'ArrowRight' });
    const terminal = screen.getByRole('tab', { name: 'Terminal' });
    expect(terminal.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(terminal);
    expect(screen.getByRole('tabpanel').querySelector('.terminal')).toBeTruthy();
    fireEvent.keyDown(terminal, { key: 'End' });
    expect(screen.getAllByRole('tab').at(-1)?.getAttribute('aria-selected')).toBe('true'); // the last tab
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'AT log' }).getAttribute('aria-selected')).toBe('true');
  });

  it('shows the identified device', async () => {
    const h = await renderWithStore(<App />);
    const t = 1_750_000_000_000;
    h.emitRunner('run-1', [
      { type: 'run-started', t, runId: 'run-1', port: 'sim:', profileName: 'demo', startedAt: t },
      {
        type: 'device-identified',
        t,
        imei: '867969066452788',
        deviceId: 'TMS2_867969066452788',
        model: 'EC21',
        revision: 'EC21KLR06A04M4G',
        mainFw: '1.3.0',
        subFw: '1.1.1',
        signal: { rssi: 24, ber: 99 },
        registration: { command: 'CEREG', stat: 5 },
      },
    ]);
    const device = screen.getByRole('region', { name: 'Device' });
    expect(device.textContent).toContain('TMS2_867969066452788');
    expect(device.textContent).toContain('RSSI 24');
    expect(device.textContent).toContain('roaming');
    expect(device.textContent).toContain('no SIM data');
  });

  it('shows the SIM and the cell (ICCID, IMSI, operator, RSRP/RSRQ/SINR) and follows the live device-status refresh', async () => {
    const h = await renderWithStore(<App />);
    const t = 1_750_000_000_000;
    h.emitRunner('run-2', [
      { type: 'run-started', t, runId: 'run-2', port: 'sim:', profileName: 'demo', startedAt: t },
      {
        type: 'device-identified',
        t,
        imei: '867969066452788',
        deviceId: 'TMS2_867969066452788',
        model: 'EC21',
        revision: 'EC21KLR06A04M4G',
        mainFw: '1.3.0',
        subFw: '1.1.1',
        iccid: '8982300101234567890',
        imsi: '450081234567890',
        operator: 'KT',
        plmn: '45008',
        accessTechnology: 'FDD LTE',
        band: 'LTE BAND 3',
        rsrpDbm: -97,
        rsrqDb: -11,
        sinrDb: 13,
        apn: 'iot.example',
        pdpAddress: '10.20.30.40',
        clockSkewS: -3,
      },
    ]);
    const device = screen.getByRole('region', { name: 'Device' });
    for (const text of ['8982300101234567890', '450081234567890', 'KT · 45008', 'FDD LTE · LTE BAND 3', 'RSRP -97 dBm · RSRQ -11 dB · SINR 13 dB', 'iot.example', '10.20.30.40', '-3 s vs this computer']) {
      expect(device.textContent).toContain(text);
    }
    h.emitRunner('run-2', [{ type: 'device-status', t: t + 30_000, rsrpDbm: -112, rsrqDb: -15, sinrDb: 2, operator: 'KT' }]);
    expect(device.textContent).toContain('RSRP -112 dBm · RSRQ -15 dB · SINR 2 dB');
    expect(device.textContent).toContain('8982300101234567890');
  });
});
