/**
 * The cloud's HTTP routes as data: method, path pattern, whether the admin token is needed, and a
 * handler over the CloudHttpApi. http-server.ts does the transport (TLS, bodies, auth, errors).
 */
import type { RollInfo, ServerInfo } from '../../shared/server-info.ts';
import { createDeviceBodySchema, publishFirmwareBodySchema, rollBodySchema, rpcBodySchema, rpcPayloadText } from './admin-api.ts';
import type { DeviceSummary, FirmwareSummary, PublishFirmwareBody } from './admin-api.ts';
import type { FirmwareRelease } from './firmware-store.ts';

/** What the routes need from the cloud. */
export interface CloudHttpApi {
  serverInfo(deviceId: string, origin: string): Promise<ServerInfo>;
  firmwareFile(fileName: string): FirmwareRelease | undefined;
  publishFirmware(body: PublishFirmwareBody, origin: string): FirmwareSummary;
  listFirmware(origin: string): FirmwareSummary[];
  sendRpc(deviceId: string, payload: string): Promise<{ topic: string }>;
  listDevices(): DeviceSummary[];
  createDevice(deviceId: string): Promise<DeviceSummary>;
  setRollInfo(deviceId: string, rollInfo: RollInfo): Promise<DeviceSummary>;
}

export type Reply = { status: number; json: unknown } | { status: number; bytes: Buffer; contentType: string };

export interface RouteContext {
  /** Decoded capture groups of the route's pattern. */
  params: string[];
  /** `https://127.0.0.1:<port>` (or http) of the server that received the request. */
  origin: string;
  /** The JSON request body (rejects with a 400 on bad JSON). */
  body(): Promise<unknown>;
  api: CloudHttpApi;
}

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  admin: boolean;
  handle(ctx: RouteContext): Promise<Reply>;
}

export const INFO_PATH_TEMPLATE = '/tms2/devices/{deviceId}/info';

const ok = (json: unknown, status = 200): Reply => ({ status, json });

export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: /^\/tms2\/devices\/([^/]+)\/info$/,
    admin: false,
    handle: async ({ params, origin, api }) => ok(await api.serverInfo(params[0] ?? '', origin)),
  },
  {
    method: 'GET',
    pattern: /^\/firmware\/([^/]+)$/,
    admin: false,
    handle: async ({ params, api }) => {
      const release = api.firmwareFile(params[0] ?? '');
      return release ? { status: 200, bytes: release.image, contentType: 'application/octet-stream' } : ok({ error: 'unknown firmware file' }, 404);
    },
  },
  { method: 'GET', pattern: /^\/admin\/firmware$/, admin: true, handle: async ({ origin, api }) => ok({ firmware: api.listFirmware(origin) }) },
  {
    method: 'POST',
    pattern: /^\/admin\/firmware$/,
    admin: true,
    handle: async ({ body, origin, api }) => ok(api.publishFirmware(publishFirmwareBodySchema.parse(await body()), origin), 201),
  },
  {
    method: 'POST',
    pattern: /^\/admin\/rpc$/,
    admin: true,
    handle: async ({ body, api }) => {
      const { deviceId, payload } = rpcBodySchema.parse(await body());
      return ok(await api.sendRpc(deviceId, rpcPayloadText(payload)), 202);
    },
  },
  { method: 'GET', pattern: /^\/admin\/devices$/, admin: true, handle: async ({ api }) => ok({ devices: api.listDevices() }) },
  {
    method: 'POST',
    pattern: /^\/admin\/devices$/,
    admin: true,
    handle: async ({ body, api }) => ok(await api.createDevice(createDeviceBodySchema.parse(await body()).deviceId), 201),
  },
  {
    method: 'POST',
    pattern: /^\/admin\/roll$/,
    admin: true,
    handle: async ({ body, api }) => {
      const { deviceId, roll, pitch } = rollBodySchema.parse(await body());
      return ok(await api.setRollInfo(deviceId, { roll, pitch }));
    },
  },
];

/** The route for a method and path, with its decoded parameters; `undefined` when none matches. */
export function matchRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1).map((part) => safeDecode(part)) };
  }
  return undefined;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
