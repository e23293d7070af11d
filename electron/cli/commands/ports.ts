/**
 * `fieldlink ports [--json]`: the machine's serial ports with USB VID:PID; Quectel modems (VID
 * 2c7c) are marked, with the role of each USB interface when it is known (the AT one is the port
 * to use).
 */
import type { SerialPortInfo } from '../../engine/transport/list.ts';
import { EXIT } from '../exit-codes.ts';
import type { RegisterCommand } from '../main.ts';
import { messageOf, processOutput } from './at.ts';
import type { CliOutput } from './at.ts';

const INTERFACE_NOTES: Readonly<Record<NonNullable<SerialPortInfo['interfaceHint']>, string>> = {
  at: 'Quectel AT interface  <- use this port',
  modem: 'Quectel modem (PPP) interface',
  nmea: 'Quectel NMEA (GPS) interface',
  diag: 'Quectel diagnostics interface',
};

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('ports')
    .description('List serial ports with USB VID:PID; Quectel modems (VID 2c7c) are marked.')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      ctx.exitCode = await runPorts(options, processOutput);
    });
};

export async function runPorts(options: { json?: boolean }, output: CliOutput): Promise<number> {
  const { listSerialPorts } = await import('../../engine/transport/list.ts');
  let ports: SerialPortInfo[];
  try {
    ports = await listSerialPorts();
  } catch (error) {
    output.err(`fieldlink: ${messageOf(error)}`);
    return EXIT.failed;
  }
  // Unknown fields are written as null so every object has the same keys.
  if (options.json) output.out(JSON.stringify(ports, (_key, value: unknown) => value ?? null, 2));
  else printTable(ports, output);
  return EXIT.ok;
}

function note(port: SerialPortInfo): string {
  if (port.interfaceHint) return INTERFACE_NOTES[port.interfaceHint];
  return port.isQuectel ? 'Quectel modem' : '';
}

function printTable(ports: SerialPortInfo[], output: CliOutput): void {
  if (ports.length === 0) {
    output.out('No serial ports found.');
    return;
  }
  const rows = ports.map((p) => [
    p.path,
    p.vendorId ? `${p.vendorId}:${p.productId ?? '????'}` : '-',
    p.manufacturer ?? '-',
    p.serialNumber ?? '-',
    note(p),
  ]);
  const header = ['PORT', 'VID:PID', 'MANUFACTURER', 'SERIAL', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows]) {
    output.out(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  }
}
