/**
 * What the serial bindings' error texts mean. The bindings give no error codes, only messages
 * such as "Error: No such file or directory, cannot open /dev/ttyUSB9" or
 * "Error Resource temporarily unavailable Cannot lock port", so the rules match text.
 */
import { TransportError } from './errors.ts';
import type { TransportErrorKind } from './errors.ts';

interface OpenErrorRule {
  kind: TransportErrorKind;
  pattern: RegExp;
  platform?: NodeJS.Platform;
  explain: (path: string) => string;
}

export const SERIAL_OPEN_ERROR_RULES: readonly OpenErrorRule[] = [
  {
    kind: 'busy',
    pattern: /cannot lock port|EBUSY|resource busy/i,
    explain: (path) => `${path} is held by another program (close the other terminal, ModemManager or Fieldlink window)`,
  },
  {
    kind: 'busy',
    pattern: /access denied/i,
    platform: 'win32',
    explain: (path) => `${path} is held by another program (Windows reports "Access denied")`,
  },
  {
    kind: 'not-found',
    pattern: /ENOENT|no such file|cannot find the file|file not found|ENODEV|ENXIO/i,
    explain: (path) => `no such serial port ${path} (is the device plugged in? see \`fieldlink ports\`)`,
  },
  {
    kind: 'permission',
    pattern: /EACCES|EPERM|permission denied|operation not permitted/i,
    explain: (path) => `no permission to open ${path} (on Linux add your user to the "dialout" group)`,
  },
];

/** Turns an error from `SerialPort#open` into a TransportError naming the port. */
export function classifySerialOpenError(error: Error, uri: string, path: string, platform = process.platform): TransportError {
  const rule = SERIAL_OPEN_ERROR_RULES.find((r) => (!r.platform || r.platform === platform) && r.pattern.test(error.message));
  const kind = rule?.kind ?? 'open-failed';
  const message = rule ? rule.explain(path) : `cannot open ${path}: ${error.message}`;
  return new TransportError(kind, uri, message, { cause: error });
}
