/**
 * Choices about module behaviour that no primary source settles and that code reads: the engine
 * (what it sends, how it reads an answer) and the simulator (what the virtual device accepts and
 * prints by default), so that both follow the same choice. Only real switches live here; the
 * reasons, and every other assumption, are rows of docs/uncertain-behaviour.md. Each entry names
 * its row; change the row, the entry and the simulator's fault scenario together.
 */

/** How AT+QICSGP is written: the documented form with an APN, or the seed document's `AT+QICSGP=<cid>,<type>`. */
export type QicsgpForm = 'documented' | 'seed';

export interface ModuleChoices {
  /**
   * The AT+QICSGP form the engine sends (quectel/network.ts). The virtual device accepts the
   * short seed form only when this says 'seed' or under the fault `qicsgp-short-form`.
   */
  readonly qicsgpForm: QicsgpForm;
  /**
   * The `+QCDS` field-0 token that means "data service up", matched exactly (never a substring).
   * The virtual device prints it when registered with an active context.
   */
  readonly qcdsInServiceToken: string;
}

export const MODULE_CHOICES: ModuleChoices = {
  qicsgpForm: 'documented',
  qcdsInServiceToken: 'SRV',
};

/** The row of docs/uncertain-behaviour.md behind each choice. */
export const MODULE_CHOICE_DOCS: Readonly<Record<keyof ModuleChoices, `docs/uncertain-behaviour.md#${string}`>> = {
  qicsgpForm: 'docs/uncertain-behaviour.md#qicsgp-form',
  qcdsInServiceToken: 'docs/uncertain-behaviour.md#qcds-status-tokens',
};
