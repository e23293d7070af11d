/** `sim:` ports through the transport layer once electron/sim/register.ts is loaded. */
import { afterEach, describe, expect, it } from 'vitest';
import { AtClient } from '../../../electron/engine/at/index.ts';
import { openTransport } from '../../../electron/engine/transport/index.ts';
import type { Transport } from '../../../electron/engine/transport/types.ts';
import { closeSimDevices, configureSimDevices, simDeviceFor } from '../../../electron/sim/register.ts';

configureSimDevices({ fast: true });
const open: Transport[] = [];

afterEach(async () => {
  for (const transport of open.splice(0)) await transport.close();
  await closeSimDevices();
});

async function connect(uri: string): Promise<AtClient> {
  const transport = await openTransport(uri);
  open.push(transport);
  const client = AtClient.attach(transport);
  await client.sync({ attempts: 50, intervalMs: 100 });
  return client;
}

describe('sim: ports', () => {
  it('opens a virtual device that answers as a Quectel module', async () => {
    const client = await connect('sim:');
    expect((await client.run('ATI')).lines).toEqual(['Quectel', 'EC21', 'Revision: EC21KLR06A04M4G']);
    expect((await client.run('AT+CGSN')).lines).toEqual(['867969066452788']);
  });

  it('reconnects to the same running device when the port is reopened', async () => {
    const first = await connect('sim:');
    await first.run('AT+TMSGCAL=1.5,2.5');
    await open.pop()?.close();
    const second = await connect('sim:');
    expect((await second.run('AT+TMSGCAL?')).lines).toEqual(['+TMSGCAL: 1.5,2.5']);
  });

  it('refuses a second open of the same port while the first is open (S3)', async () => {
    await connect('sim:');
    await expect(openTransport('sim:')).rejects.toMatchObject({ kind: 'busy' });
  });

  it('combines fault scenarios named in the URI', async () => {
    const client = await connect('sim:no-sim.qcds-unsupported');
    expect((await simDeviceFor('sim:no-sim.qcds-unsupported')).state.faults).toEqual(['no-sim', 'qcds-unsupported']);
    await expect(client.run('AT+CPIN?')).rejects.toMatchObject({ kind: 'command' });
    await expect(client.run('AT+QCDS')).rejects.toMatchObject({ kind: 'command' });
  });

  it('fails to open with an unknown scenario, naming it', async () => {
    await expect(openTransport('sim:no-such-fault')).rejects.toThrow(/no-such-fault/);
  });

  it('powers the device on again after a pulled cable', async () => {
    await connect('sim:');
    const device = await simDeviceFor('sim:');
    const lost = new Promise((resolve) => open[0]?.onClose(resolve));
    device.pullCable();
    expect(device.state.power).toBe('off');
    await expect(lost).resolves.toMatchObject({ kind: 'lost' });
    open.length = 0;
    const client = await connect('sim:');
    expect((await client.run('AT')).final).toBe('OK');
    expect(device.state.power).toBe('on');
  });
});
