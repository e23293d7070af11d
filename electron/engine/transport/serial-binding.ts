/**
 * The platform serial binding with one fix: on Linux and macOS a read that returns 0 bytes means
 * the tty was hung up (USB cable pulled, PTY peer gone). serialport's unixRead retries such reads
 * forever, spinning a CPU and never reporting the loss (serialport/bindings-cpp #162, still open),
 * so here a 0-byte read is turned into a disconnect error and the port closes as lost (S1).
 */
import { read as fsRead } from 'node:fs';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';
import { LinuxPortBinding, DarwinPortBinding } from '@serialport/bindings-cpp';
import type { AutoDetectTypes } from '@serialport/bindings-cpp';
import { unixRead } from '@serialport/bindings-cpp/dist/unix-read.js';

const readAsync = promisify(fsRead);

/** fs.read for a tty opened with VMIN=1: 0 bytes is end-of-file, i.e. the device hung up. */
const readOrHangup: typeof readAsync = (async (...args: Parameters<typeof readAsync>) => {
  const result = await readAsync(...args);
  if (result.bytesRead === 0) {
    throw Object.assign(new Error('device hung up (end of file)'), { code: 'EOF', disconnect: true });
  }
  return result;
}) as typeof readAsync;

type PortBinding = Awaited<ReturnType<AutoDetectTypes['open']>>;

function detectHangup(port: PortBinding): PortBinding {
  if (port instanceof LinuxPortBinding || port instanceof DarwinPortBinding) {
    const unixPort = port;
    unixPort.read = (buffer: Buffer, offset: number, length: number) =>
      unixRead({ binding: unixPort, buffer, offset, length, fsReadAsync: readOrHangup });
  }
  return port;
}

const platformBinding = SerialPort.binding;
const platformOpen = platformBinding.open.bind(platformBinding) as (options: unknown) => Promise<PortBinding>;

/** The platform binding whose ports report a hang-up instead of spinning. */
export const hangupAwareBinding = {
  list: () => platformBinding.list(),
  open: async (options: unknown) => detectHangup(await platformOpen(options)),
} as AutoDetectTypes;
