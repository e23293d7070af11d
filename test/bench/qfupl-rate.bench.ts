/**
 * (c) QFUPL data-mode upload rate of the AtClient against the 115200-baud line rate. The PTY pair
 * is unpaced, so the scripted modem reads through a UART model at 11520 B/s; the client's rate is
 * payload bytes / (command sent → `+QFUPL` … `OK` received).
 */
import { AtClient } from '../../electron/engine/at/client.ts';
import { formatQfuplChecksum, qfuplChecksum } from '../../electron/engine/at/checksum.ts';
import { SerialTransport } from '../../electron/engine/transport/serial.ts';
import { createPtyPair } from '../helpers/pty.ts';
import { ScriptedModem } from '../helpers/scripted-modem.ts';
import { bytesPerSecondAt, pacedReceiver } from './paced-link.ts';
import { compare, elapsedMs } from './types.ts';
import type { BenchResult } from './types.ts';

const BAUD = 115200;
const PAYLOAD_BYTES = 96 * 1024;

export async function bench(): Promise<BenchResult[]> {
  const pty = await createPtyPair();
  const host = new SerialTransport(pty.a, { path: pty.a, baudRate: BAUD, rtscts: false });
  const device = new SerialTransport(pty.b, { path: pty.b, baudRate: BAUD, rtscts: false });
  const lineRate = bytesPerSecondAt(BAUD);
  try {
    await device.open();
    await host.open();
    const modem = new ScriptedModem(pacedReceiver(device, lineRate), { echo: true });
    const client = AtClient.attach(host);
    const payload = Buffer.from(Array.from({ length: PAYLOAD_BYTES }, (_, i) => (i * 31 + 7) & 0xff));
    const command = `AT+QFUPL="UFS:bench.bin",${payload.length},5`;
    modem.script(
      { expect: command, reply: '\r\nCONNECT\r\n' },
      { expectBytes: payload.length, reply: `\r\n+QFUPL: ${payload.length},${formatQfuplChecksum(qfuplChecksum(payload))}\r\n\r\nOK\r\n` },
    );
    const start = performance.now();
    await client.run({ command, payload: { data: payload, after: 'connect' } });
    const seconds = elapsedMs(start) / 1000;
    client.dispose();
    if (!modem.rawBlocks[0]?.equals(payload)) throw new Error('the modem received different bytes');
    return [
      compare({
        name: 'QFUPL upload vs 115200-baud line rate',
        value: payload.length / seconds,
        baseline: lineRate,
        unit: 'B/s',
        goal: 0.95,
        note: `${payload.length} bytes through a socat PTY, modem paced at ${lineRate} B/s (8N1), echo on`,
      }),
    ];
  } finally {
    await host.close();
    await device.close();
    await pty.dispose();
  }
}
