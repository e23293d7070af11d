/**
 * The identity of the process writing to the store, and whether a process that wrote a `running`
 * record is still alive (docs/results-store.md#interrupted-records).
 */
import { hostname } from 'node:os';
import type { Writer } from './rows.ts';

export function thisWriter(): Writer {
  return { host: hostname(), pid: process.pid };
}

/** True while a process with this PID exists on this host (EPERM: exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
