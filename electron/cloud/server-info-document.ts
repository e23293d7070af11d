/**
 * Builds the server-info document one device receives. The result goes through the shared schema,
 * so the cloud can only ever serve a document that Fieldlink itself accepts.
 */
import { serverInfoSchema } from '../../shared/server-info.ts';
import type { RollInfo, ServerInfo } from '../../shared/server-info.ts';
import type { FirmwareRelease } from './firmware-store.ts';

export interface ServerInfoInputs {
  mqtt: { host: string; port: number; keepalive: number };
  password: string;
  firmware: { main: FirmwareRelease; sub: FirmwareRelease };
  /** Origin the firmware URLs point at, e.g. `https://127.0.0.1:8443`. */
  firmwareOrigin: string;
  rollInfo: RollInfo;
}

export function firmwareUrl(origin: string, release: FirmwareRelease): string {
  return `${origin}/firmware/${encodeURIComponent(release.fileName)}`;
}

export function buildServerInfoDocument(inputs: ServerInfoInputs): ServerInfo {
  const firmware = (release: FirmwareRelease) => ({
    version: release.version,
    url: firmwareUrl(inputs.firmwareOrigin, release),
    size: release.image.length,
    sha256: release.sha256,
  });
  return serverInfoSchema.parse({
    serverInfo: {
      mqtt: { host: inputs.mqtt.host, port: inputs.mqtt.port, ssl: true, password: inputs.password, keepalive: inputs.mqtt.keepalive },
      firmware: { main: firmware(inputs.firmware.main), sub: firmware(inputs.firmware.sub) },
    },
    rollInfo: { roll: inputs.rollInfo.roll, pitch: inputs.rollInfo.pitch },
  });
}
