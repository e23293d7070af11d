/**
 * The platform serial binding with two changes on Linux and macOS:
 * - a read that returns 0 bytes means the tty was hung up (USB cable pulled, PTY peer gone).
 *   serialport's unixRead retries such reads forever, spinning a CPU and never reporting the loss
 *   (serialport/bindings-cpp #162, still open), so here a 0-byte read is turned into a disconnect
 *   error and the port closes as lost (S1);
 * - a read first waits until the port is readable. serialport reads again as soon as a read
 *   returned, which almost always fails with EAGAIN (an error built with its stack) before it
 *   waits: two thread-pool reads and an exception per chunk received, a large share of a station's
 *   CPU with dozens of ports. The poller is level-triggered, so bytes already waiting are read at
 *   once.
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

interface ReadablePoller {
  once(event: 'readable', callback: (error?: Error | null) => void): unknown;
}

/** Resolves when the port has bytes (or was hung up); rejects when the poller is stopped (close). */
function readable(poller: ReadablePoller): Promise<void> {
  return new Promise((resolve, reject) => {
    poller.once('readable', (error) => (error ? reject(error) : resolve()));
  });
}

function detectHangup(port: PortBinding): PortBinding {
  if (port instanceof LinuxPortBinding || port instanceof DarwinPortBinding) {
    const unixPort = port;
    unixPort.read = async (buffer: Buffer, offset: number, length: number) => {
      // A closed port: unixRead rejects as serialport expects (canceled).
      if (unixPort.isOpen && unixPort.poller) await readable(unixPort.poller);
      return unixRead({ binding: unixPort, buffer, offset, length, fsReadAsync: readOrHangup });
    };
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
