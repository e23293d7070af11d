/** The faults active on one device, looked up by effect kind by the subsystems that honour them. */
import { SimError } from '../errors.ts';
import { FAULTS, findFault, type FaultEffect, type FaultKind } from './table.ts';

export class FaultSet {
  private readonly fired = new Set<string>();

  private constructor(
    readonly names: readonly string[],
    private readonly effects: readonly FaultEffect[],
  ) {}

  /** Throws SimError('unknown-fault') listing the known names. */
  static of(names: readonly string[]): FaultSet {
    const effects = names.map((name) => {
      const fault = findFault(name);
      if (!fault) throw new SimError('unknown-fault', `unknown fault scenario "${name}" (known: ${FAULTS.map((f) => f.name).join(', ')})`);
      return fault.effect;
    });
    return new FaultSet([...new Set(names)], effects);
  }

  has(kind: FaultKind): boolean {
    return this.effects.some((effect) => effect.kind === kind);
  }

  get<K extends FaultKind>(kind: K): Extract<FaultEffect, { kind: K }> | undefined {
    return this.effects.find((effect): effect is Extract<FaultEffect, { kind: K }> => effect.kind === kind);
  }

  all<K extends FaultKind>(kind: K): Array<Extract<FaultEffect, { kind: K }>> {
    return this.effects.filter((effect): effect is Extract<FaultEffect, { kind: K }> => effect.kind === kind);
  }

  /** True the first time `key` fires on this device (one-shot faults), false afterwards. */
  fireOnce(key: string): boolean {
    if (this.fired.has(key)) return false;
    this.fired.add(key);
    return true;
  }
}
