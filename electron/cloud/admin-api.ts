/**
 * The admin endpoints' request bodies (zod) and the shapes they answer with. Admin endpoints live
 * on the cloud's HTTP(S) server, answer loopback peers only and need `Authorization: Bearer <token>`.
 */
import { z } from 'zod';
import { rollInfoSchema } from '../../shared/server-info.ts';
import type { RollInfo } from '../../shared/server-info.ts';
import type { FirmwareTarget } from '../../shared/firmware-image.ts';

export const publishFirmwareBodySchema = z.strictObject({
  target: z.enum(['main', 'sub']),
  version: z.string(),
  /** Size of a generated image. */
  size: z.int().optional(),
  /** Base64 of exact image bytes to serve instead of a generated image. */
  bytes: z.base64().optional(),
  /** Advertise this sha256 instead of the image's own (tamper tests). */
  sha256: z.string().optional(),
});
export type PublishFirmwareBody = z.infer<typeof publishFirmwareBodySchema>;

export const rpcBodySchema = z.strictObject({
  deviceId: z.string(),
  /** A string is published as is; any other JSON value is published as compact JSON. */
  payload: z.json(),
});
export type RpcBody = z.infer<typeof rpcBodySchema>;

export const createDeviceBodySchema = z.strictObject({ deviceId: z.string() });

export const rollBodySchema = z.strictObject({ deviceId: z.string(), ...rollInfoSchema.shape });

export interface FirmwareSummary {
  target: FirmwareTarget;
  version: string;
  url: string;
  size: number;
  sha256: string;
}

export interface DeviceSummary {
  deviceId: string;
  imei: string;
  rollInfo: RollInfo;
  /** Unix ms of the device's last message seen by the live view, or null. */
  lastTrafficAt: number | null;
  /** Files the engine can point a profile at (never the key bytes or the password). */
  files: { caCert: string; clientCert: string; clientKey: string };
}

/** The RPC payload as published: strings unchanged, other JSON compact. */
export function rpcPayloadText(payload: RpcBody['payload']): string {
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}
