/**
 * The device's end of its serial cable: an in-process memory link (host end for the AtClient) or
 * any byte stream (a TCP socket, the stdio of a socat PTY). The device sees only DevicePort.
 */
import type { Duplex } from 'node:stream';
import type { MemoryEnd } from '../../engine/transport/memory.ts';

export interface PortEvents {
  onData(chunk: Buffer): void;
  /** The other side went away (host closed a TCP connection, socat ended). */
  onEnd(): void;
}

export interface DevicePort {
  write(chunk: Buffer): void;
  /** Pulls the cable: the host side sees a lost link. */
  sever(): void;
  /** Stops listening without ending the link (the device is moved to another cable). */
  release(): void;
}

/** Wires the device end of a memory link (opened here; MemoryEnd.open completes synchronously). */
export function memoryPort(end: MemoryEnd, events: PortEvents): DevicePort {
  void end.open();
  const offData = end.onData((chunk) => events.onData(chunk));
  const offClose = end.onClose(() => events.onEnd());
  const release = () => {
    offData();
    offClose();
  };
  return {
    write: (chunk) => {
      if (end.isOpen) end.write(chunk).catch(() => undefined);
    },
    sever: () => {
      release();
      end.sever();
    },
    release,
  };
}

export function streamPort(stream: Duplex, events: PortEvents): DevicePort {
  const onData = (chunk: Buffer | string) => events.onData(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
  const onEnd = () => events.onEnd();
  const onError = () => undefined; // a reset socket also emits 'close'
  stream.on('data', onData);
  stream.once('close', onEnd);
  stream.on('error', onError);
  const release = () => {
    stream.off('data', onData);
    stream.off('close', onEnd);
  };
  return {
    write: (chunk) => {
      if (!stream.destroyed && stream.writable) stream.write(chunk);
    },
    sever: () => {
      release();
      // Flush what was already written, then end the link (a PTY's socat exits on EOF).
      stream.end(() => stream.destroy());
      setTimeout(() => stream.destroy(), 200).unref();
    },
    release,
  };
}
