/**
 * What the module says about itself per firmware flavour (docs/at-behaviour.md#families, #basic-commands, #qcds). The global profile
 * is the EG25-G revision seen in LJ-EG25; the Korean profile is an EC21-KL-style revision
 * (illustrative: no public capture of its exact string), which answers AT+QCDS.
 */
import type { ModuleIdentity } from './commands/types.ts';

export type Flavour = 'korean' | 'global';

export const IDENTITIES: Readonly<Record<Flavour, ModuleIdentity>> = {
  korean: { manufacturer: 'Quectel', model: 'EC21', revision: 'EC21KLR06A04M4G', appVersion: '01.001.01.001' },
  global: { manufacturer: 'Quectel', model: 'EG25', revision: 'EG25GGBR07A08M2G', appVersion: '30.203.30.203' },
};

/** Power-up URCs in the order of docs/at-behaviour.md#power-up. */
export const BOOT_URCS = ['RDY', '+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', 'APP RDY'] as const;
/** Without a SIM the SIM URCs are replaced by one `+CPIN: NOT READY`. */
export const BOOT_URCS_NO_SIM = ['RDY', '+CFUN: 1', '+CPIN: NOT READY', 'APP RDY'] as const;
