/**
 * `fieldlink ports [--json] [--lang ko|en]`: the machine's serial ports with USB VID:PID; Quectel
 * modems (VID 2c7c) are marked, with the role of each USB interface when it is known (the AT one
 * is the port to use). The table's words come from the message catalogue.
 */
import type { SerialPortInfo } from '../../engine/transport/list.ts';
import { EXIT } from '../exit-codes.ts';
import type { RegisterCommand } from '../main.ts';
import { messageOf, processOutput } from './at.ts';
import type { CliOutput } from './at.ts';
import { langOption, type Language } from '../lang-option.ts';
import { formatMessage, type MessageKey } from '../../../shared/messages/index.ts';

const INTERFACE_NOTES: Readonly<Record<NonNullable<SerialPortInfo['interfaceHint']>, MessageKey>> = {
  at: 'cli.ports.at',
  modem: 'cli.ports.modem',
  nmea: 'cli.ports.nmea',
  diag: 'cli.ports.diag',
};

interface PortsOptions {
  json?: boolean;
  lang?: Language;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('ports')
    .description('List serial ports with USB VID:PID; Quectel modems (VID 2c7c) are marked.')
    .option('--json', 'print the list as JSON')
    .addOption(langOption())
    .action(async (options: PortsOptions) => {
      ctx.exitCode = await runPorts(options, processOutput);
    });
};

export async function runPorts(options: PortsOptions, output: CliOutput): Promise<number> {
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
  else printTable(ports, output, options.lang ?? 'en');
  return EXIT.ok;
}

function note(port: SerialPortInfo, lang: Language): string {
  if (port.interfaceHint) return formatMessage(lang, INTERFACE_NOTES[port.interfaceHint]);
  return port.isQuectel ? formatMessage(lang, 'cli.ports.quectel') : '';
}

/** The ports as an aligned table in `lang`. */
export function printTable(ports: SerialPortInfo[], output: CliOutput, lang: Language = 'en'): void {
  const t = (key: MessageKey) => formatMessage(lang, key);
  if (ports.length === 0) {
    output.out(t('cli.ports.none'));
    return;
  }
  const rows = ports.map((p) => [
    p.path,
    p.vendorId ? `${p.vendorId}:${p.productId ?? '????'}` : '-',
    p.manufacturer ?? '-',
    p.serialNumber ?? '-',
    note(p, lang),
  ]);
  const header = [t('cli.ports.port'), t('cli.ports.vidPid'), t('cli.ports.manufacturer'), t('cli.ports.serial'), ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows]) {
    output.out(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  }
}
