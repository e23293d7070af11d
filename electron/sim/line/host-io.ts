/**
 * Data mode and the `> ` prompt on the host port: prints CONNECT (or the prompt), hands the raw
 * bytes to or from the handler, and holds URCs until the command's final result is written
 * (docs/uncertain-behaviour.md#urcs-in-data-mode).
 */
import type { HostIo } from '../commands/types.ts';
import type { InputReader } from './reader.ts';
import type { ModemWriter } from './writer.ts';

export class HostDataIo implements HostIo {
  private releaseHeld: (() => void) | undefined;

  constructor(
    private readonly writer: ModemWriter,
    private readonly reader: InputReader,
  ) {}

  upload: HostIo['upload'] = (request) => {
    this.hold();
    this.writer.final({ kind: 'connect' });
    return this.reader.receiveData(request);
  };

  download: HostIo['download'] = (bytes) => {
    this.hold();
    this.writer.final({ kind: 'connect' });
    this.writer.raw(bytes);
  };

  prompt: HostIo['prompt'] = (request) => {
    this.hold();
    this.writer.prompt();
    return this.reader.receivePrompt(request);
  };

  raw: HostIo['raw'] = (bytes) => this.writer.raw(bytes);

  /** After the final result: held URCs go out. */
  release(): void {
    const release = this.releaseHeld;
    this.releaseHeld = undefined;
    release?.();
  }

  /** Power lost: held URCs are dropped with the writer's state. */
  forget(): void {
    this.releaseHeld = undefined;
  }

  private hold(): void {
    this.releaseHeld ??= this.writer.holdUrcs();
  }
}
