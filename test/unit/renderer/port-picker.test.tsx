// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { PortPicker } from '../../../renderer/features/ports/components/PortPicker.tsx';
import { FAKE_PORTS } from '../../helpers/fake-api.ts';
import { cleanup, renderWithStore } from './harness.tsx';

afterEach(cleanup);

const option = (uri: string) => document.querySelector(`[data-uri="${uri}"]`) as HTMLElement;

describe('Port picker', () => {
  it('lists ports with USB details, Quectel first and highlighted, the virtual device as "Demo device"', async () => {
    await renderWithStore(<PortPicker disabled={false} />);
    const uris = [...document.querySelectorAll('[data-uri]')].map((el) => el.getAttribute('data-uri'));
    expect(uris).toEqual(['/dev/ttyUSB2', 'sim:', '/dev/ttyUSB0']);
    expect(option('/dev/ttyUSB2').className).toContain('port-quectel');
    expect(option('/dev/ttyUSB2').textContent).toContain('Quectel modem');
    expect(option('/dev/ttyUSB2').textContent).toContain('USB 2c7c:0121');
    expect(option('/dev/ttyUSB2').textContent).toContain('S/N EC21X42');
    expect(option('sim:').textContent).toContain('Demo device');
    expect(option('/dev/ttyUSB0').className).not.toContain('port-quectel');
  });

  it('marks a busy port with the reason', async () => {
    await renderWithStore(<PortPicker disabled={false} />);
    expect(option('/dev/ttyUSB0').className).toContain('port-busy');
    expect(option('/dev/ttyUSB0').textContent).toContain('Busy: open in minicom');
  });

  it('selects a port with its radio button', async () => {
    const h = await renderWithStore(<PortPicker disabled={false} />);
    fireEvent.click(screen.getByRole('radio', { name: /Demo device/ }));
    expect(h.store.state.getState().ports.selected).toBe('sim:');
    expect(option('sim:').className).toContain('port-selected');
  });

  it('follows hot-plug (ports-changed) and names fault scenarios of the demo device', async () => {
    const h = await renderWithStore(<PortPicker disabled={false} />);
    h.emit({ channel: 'ports-changed', ports: [...FAKE_PORTS.slice(0, 1), { uri: 'sim:no-sim', label: 'Virtual TMS2 (no-sim)', kind: 'sim', isQuectel: true }] });
    expect(option('/dev/ttyUSB2')).toBeNull();
    expect(option('sim:no-sim').textContent).toContain('Demo device: no-sim');
    expect(screen.getByText('Port list updated')).toBeTruthy();
  });

  it('Refresh asks the back end again', async () => {
    const h = await renderWithStore(<PortPicker disabled={false} />);
    h.api.handle('listPorts', () => []);
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Refresh' })));
    expect(h.api.requests('listPorts')).toHaveLength(2);
    expect(screen.getByText(/No serial ports found/)).toBeTruthy();
  });

  it('accepts a typed port URI (tcp:// or sim:<scenario>)', async () => {
    const h = await renderWithStore(<PortPicker disabled={false} />);
    fireEvent.change(screen.getByLabelText('Other port'), { target: { value: 'sim:broker-drop' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use' }));
    expect(h.store.state.getState().ports.selected).toBe('sim:broker-drop');
  });
});
