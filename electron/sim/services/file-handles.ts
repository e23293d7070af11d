/**
 * Open files of AT+QFOPEN (docs/at-behaviour.md#file-handles): a handle per open file with its
 * open mode and file pointer, over the UFS/RAM store. Handles count up from FIRST_HANDLE
 * (docs/uncertain-behaviour.md#qfopen-handle-numbers); all are gone at power-off.
 */
import type { PowerCycle } from './power-cycle.ts';
import type { FileRef } from './ufs.ts';

/** <mode>: 0 create or open (read/write), 1 create or truncate (read/write), 2 open existing read-only. */
export type OpenMode = 0 | 1 | 2;

export const FIRST_HANDLE = 1027;
/** Most files open at once before 413 (docs/uncertain-behaviour.md#qfopen-handle-numbers). */
export const MAX_OPEN_FILES = 32;

export interface OpenFile {
  handle: number;
  /** As the host gave it (QFOPEN? prints it back). */
  given: string;
  ref: FileRef;
  mode: OpenMode;
  position: number;
}

export class FileHandles {
  private readonly open = new Map<number, OpenFile>();
  private next = FIRST_HANDLE;

  get(handle: number): OpenFile | undefined {
    return this.open.get(handle);
  }

  list(): OpenFile[] {
    return [...this.open.values()];
  }

  get full(): boolean {
    return this.open.size >= MAX_OPEN_FILES;
  }

  isOpen(ref: FileRef): boolean {
    return [...this.open.values()].some((file) => file.ref.store === ref.store && file.ref.name === ref.name);
  }

  add(given: string, ref: FileRef, mode: OpenMode): OpenFile {
    const file: OpenFile = { handle: this.next, given, ref, mode, position: 0 };
    this.next += 1;
    this.open.set(file.handle, file);
    return file;
  }

  close(handle: number): boolean {
    return this.open.delete(handle);
  }
}

const tables = new WeakMap<PowerCycle, FileHandles>();

export function fileHandlesOf(cycle: PowerCycle): FileHandles {
  let table = tables.get(cycle);
  if (!table) {
    table = new FileHandles();
    tables.set(cycle, table);
  }
  return table;
}
