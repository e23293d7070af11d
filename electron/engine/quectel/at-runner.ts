/**
 * The narrow part of the AT engine the command library uses: run, waitForUrc and onUrc of the
 * AtClient. Tests and other callers may pass any object with these three methods.
 */
import type { AtClient } from '../at/client.ts';

export type AtRunner = Pick<AtClient, 'run' | 'waitForUrc' | 'onUrc'>;
