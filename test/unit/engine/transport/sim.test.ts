import { afterEach, describe, expect, it } from 'vitest';
import { SimTransport, registerSimDeviceFactory, hasSimDeviceFactory } from '../../../../electron/engine/transport/sim.ts';
import { openTransport } from '../../../../electron/engine/transport/uri.ts';
import { createMemoryLink } from '../../../../electron/engine/transport/memory.ts';
import type { MemoryEnd } from '../../../../electron/engine/transport/memory.ts';
import type { TransportError } from '../../../../electron/engine/transport/errors.ts';
import { AtClient } from '../../../../electron/engine/at/index.ts';
import { ScriptedModem } from '../../../helpers/scripted-modem.ts';

describe('sim: transport', () => {
  const cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Registers a factory that wires each sim: port to a scripted modem; returns what it made. */
  function registerScriptedDevice() {
    const made: Array<{ scenario: string | undefined; uri: string; device: MemoryEnd; host: MemoryEnd; modem: ScriptedModem }> = [];
    cleanups.push(
      registerSimDeviceFactory(async (scenario, uri) => {
        const { host, device } = createMemoryLink();
        await device.open();
        const modem = new ScriptedModem(device, { echo: true });
        modem.always('ATI', '\r\nQuectel\r\nEG25\r\n\r\nOK\r\n');
        made.push({ scenario, uri, device, host, modem });
        return host;
      }),
    );
    return made;
  }

  it('without a registered factory, opening sim: fails with a clear not-found error', async () => {
    expect(hasSimDeviceFactory()).toBe(false);
    const error = await openTransport('sim:').then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not-found', port: 'sim:' });
    expect((error as Error).message).toMatch(/simulator is not loaded/);
  });

  it('opens the registered virtual device with the scenario, and AT commands run over it', async () => {
    const made = registerScriptedDevice();
    const transport = await openTransport('sim:no-sim');
    cleanups.push(() => transport.close());
    const client = AtClient.attach(transport);
    cleanups.push(() => client.dispose());

    const response = await client.run('ATI');

    expect(made.map(({ scenario, uri }) => ({ scenario, uri }))).toEqual([{ scenario: 'no-sim', uri: 'sim:no-sim' }]);
    expect(response.lines).toEqual(['Quectel', 'EG25']);
    expect(transport.uri).toBe('sim:no-sim');
  });

  it('a severed link ends the sim: port as lost under its own URI', async () => {
    const made = registerScriptedDevice();
    const transport = await openTransport('sim:');
    const closed = new Promise<TransportError | undefined>((resolve) => transport.onClose(resolve));

    made[0]?.device.sever();

    expect(await closed).toMatchObject({ kind: 'lost', port: 'sim:' });
    expect(transport.isOpen).toBe(false);
    await expect(transport.write(Buffer.from('AT\r'))).rejects.toMatchObject({ kind: 'lost', port: 'sim:' });
  });

  it('close() closes the host end and reports a requested close', async () => {
    const made = registerScriptedDevice();
    const transport = await openTransport('sim:');
    const closes: Array<TransportError | undefined> = [];
    transport.onClose((error) => closes.push(error));

    await transport.close();

    expect(closes).toEqual([undefined]);
    expect(made[0]?.host.isOpen).toBe(false);
  });

  it('a factory that throws gives open-failed under the sim: URI', async () => {
    cleanups.push(
      registerSimDeviceFactory(() => {
        throw new Error('unknown scenario "bogus"');
      }),
    );
    const transport = new SimTransport('sim:bogus', 'bogus');

    const error = await transport.open().then(() => undefined, (e: unknown) => e);

    expect(error).toMatchObject({ kind: 'open-failed', port: 'sim:bogus' });
    expect((error as Error).message).toContain('unknown scenario "bogus"');
  });

  it('unregistering restores the not-found behaviour', async () => {
    const unregister = registerSimDeviceFactory(() => createMemoryLink().host);
    unregister();
    await expect(openTransport('sim:')).rejects.toMatchObject({ kind: 'not-found' });
  });
});
