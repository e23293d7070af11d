/**
 * What the TMS2 keeps over power cycles besides its files: firmware versions and the stored
 * G-sensor calibration, in `<stateDir>/<imei>/state.json` (zod-validated, written atomically).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SimError } from '../errors.ts';

const persistedStateSchema = z.strictObject({
  version: z.literal(1),
  firmware: z.strictObject({ main: z.string().min(1), sub: z.string().min(1) }),
  calibration: z.strictObject({ roll: z.number(), pitch: z.number() }).nullable(),
  bootCount: z.number().int().min(0),
  /** The user profile stored with AT&W (absent until the first AT&W). */
  profile: z
    .strictObject({
      echo: z.boolean(),
      verbose: z.boolean(),
      quiet: z.boolean(),
      ipr: z.number().int().min(0),
      icf: z.strictObject({ format: z.number().int(), parity: z.number().int() }),
      ifc: z.strictObject({ dceByDte: z.number().int(), dteByDce: z.number().int() }),
    })
    .optional(),
});

export type PersistedState = z.infer<typeof persistedStateSchema>;

export class StateStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private state: PersistedState,
  ) {}

  /** Loads `<deviceDir>/state.json`, creating it from `firmware` when absent. */
  static async open(deviceDir: string, firmware: { main: string; sub: string }): Promise<StateStore> {
    await mkdir(deviceDir, { recursive: true, mode: 0o700 });
    const file = join(deviceDir, 'state.json');
    const initial: PersistedState = { version: 1, firmware: { ...firmware }, calibration: null, bootCount: 0 };
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new SimError('state', `cannot read ${file}: ${error.message}`, { cause: error });
    });
    if (text === undefined) {
      const store = new StateStore(file, initial);
      await store.update((s) => s);
      return store;
    }
    const parsed = persistedStateSchema.safeParse(safeJson(text));
    if (!parsed.success) throw new SimError('state', `${file} is not a valid device state: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return new StateStore(file, parsed.data);
  }

  get snapshot(): Readonly<PersistedState> {
    return this.state;
  }

  /** Applies `change` and writes the file (writes are serialised, each one atomic). */
  update(change: (state: PersistedState) => PersistedState): Promise<void> {
    this.state = persistedStateSchema.parse(change(structuredClone(this.state)));
    const text = `${JSON.stringify(this.state, null, 2)}\n`;
    const write = async () => {
      const temp = `${this.file}.${process.pid}.tmp`;
      await writeFile(temp, text, { mode: 0o600 });
      await rename(temp, this.file);
    };
    this.writing = this.writing.then(write, write);
    return this.writing;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
