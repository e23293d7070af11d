/** The whole command table: every family's entries, looked up by upper-case name. */
import { BASIC_COMMANDS } from './basic.ts';
import { FILE_COMMANDS } from './file.ts';
import { FILE_IO_COMMANDS } from './file-io.ts';
import { GNSS_COMMANDS } from './gnss.ts';
import { HTTP_COMMANDS } from './http.ts';
import { HTTP_POST_COMMANDS } from './http-post.ts';
import { MQTT_COMMANDS } from './mqtt.ts';
import { NETWORK_COMMANDS } from './network.ts';
import { SOCKET_COMMANDS } from './sockets.ts';
import { PROBE_COMMANDS } from './probe.ts';
import { RADIO_COMMANDS } from './radio.ts';
import { SETTINGS_COMMANDS } from './settings.ts';
import { SIM_CARD_COMMANDS } from './sim-card.ts';
import { SSL_COMMANDS } from './ssl.ts';
import { TMS2_COMMANDS } from './tms2.ts';
import type { CommandEntry } from './types.ts';

export const COMMAND_FAMILIES = {
  basic: BASIC_COMMANDS,
  network: NETWORK_COMMANDS,
  file: FILE_COMMANDS,
  ssl: SSL_COMMANDS,
  http: HTTP_COMMANDS,
  mqtt: MQTT_COMMANDS,
  tms2: TMS2_COMMANDS,
  sockets: SOCKET_COMMANDS,
  httpPost: HTTP_POST_COMMANDS,
  fileIo: FILE_IO_COMMANDS,
  gnss: GNSS_COMMANDS,
  simCard: SIM_CARD_COMMANDS,
  radio: RADIO_COMMANDS,
  probe: PROBE_COMMANDS,
  settings: SETTINGS_COMMANDS,
} as const;

export function buildCommandTable(): ReadonlyMap<string, CommandEntry> {
  const table = new Map<string, CommandEntry>();
  for (const entries of Object.values(COMMAND_FAMILIES)) {
    for (const entry of entries) {
      if (table.has(entry.name)) throw new Error(`command ${entry.name} is defined twice`);
      table.set(entry.name, entry);
    }
  }
  return table;
}
