/**
 * The SIM, cell and clock readings shared by identify, the live status poll and diagnose:
 * AT+QCCID, AT+CIMI, AT+QSPN, AT+COPS?, AT+QNWINFO, AT+QENG="servingcell", AT+QCSQ, AT+CGDCONT?,
 * AT+CGPADDR, AT+CCLK?. Every read is tolerant: a module without a SIM, without service or without
 * one of the commands gives the field absent, never a failure (only a cancelled run stops it).
 */
import {
  readIccid,
  readImsi,
  readModuleClock,
  readNetworkInfo,
  readOperator,
  readPdpAddresses,
  readPdpDefinitions,
  readServiceProvider,
  readServingCell,
  readSignalDetail,
} from '../quectel/sim-card.ts';
import type { AtRunner } from '../quectel/at-runner.ts';

export interface DeviceStatusReading {
  iccid?: string;
  imsi?: string;
  operator?: string;
  plmn?: string;
  accessTechnology?: string;
  band?: string;
  rsrpDbm?: number;
  rsrqDb?: number;
  sinrDb?: number;
  rssiDbm?: number;
  apn?: string;
  pdpAddress?: string;
  moduleClock?: number;
  clockSkewS?: number;
}

export interface StatusReadOptions {
  /** The PDP context whose APN and address are shown. */
  cid: number;
  signal?: AbortSignal;
  /** Host clock (ms) for the skew; injectable for tests. */
  now?: () => number;
  /** Skip AT+QCCID / AT+CIMI (the poll: the SIM does not change during a session). */
  skipSim?: boolean;
}

/** Runs `read`, undefined on any failure except a cancelled run. */
async function tolerant<T>(read: () => Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
}

/** Drops undefined fields (the event schemas are strict and optional, not nullable). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export async function readDeviceStatus(at: AtRunner, options: StatusReadOptions): Promise<DeviceStatusReading> {
  const { signal } = options;
  const now = options.now ?? Date.now;
  const iccid = options.skipSim ? undefined : await tolerant(() => readIccid(at), signal);
  const imsi = options.skipSim ? undefined : await tolerant(() => readImsi(at), signal);
  const provider = await tolerant(() => readServiceProvider(at), signal);
  const selection = await tolerant(() => readOperator(at), signal);
  const network = await tolerant(() => readNetworkInfo(at), signal);
  const cell = await tolerant(() => readServingCell(at), signal);
  const detail = await tolerant(() => readSignalDetail(at), signal);
  const definitions = await tolerant(() => readPdpDefinitions(at), signal);
  const addresses = await tolerant(() => readPdpAddresses(at), signal);
  const before = now();
  const clock = await tolerant(() => readModuleClock(at), signal);
  const host = (before + now()) / 2;
  return defined({
    iccid,
    imsi,
    operator: provider?.fullName || selection?.operator || undefined,
    plmn: provider?.plmn || network?.plmn || undefined,
    accessTechnology: network?.accessTechnology,
    band: network?.band,
    rsrpDbm: cell?.rsrpDbm ?? detail?.rsrpDbm,
    rsrqDb: cell?.rsrqDb ?? detail?.rsrqDb,
    sinrDb: cell?.sinrDb ?? detail?.sinrDb,
    rssiDbm: cell?.rssiDbm ?? detail?.rssiDbm,
    apn: definitions?.find((d) => d.cid === options.cid)?.apn || undefined,
    pdpAddress: addresses?.find((a) => a.cid === options.cid)?.address,
    moduleClock: clock ? Math.max(0, clock.utc.getTime()) : undefined,
    clockSkewS: clock ? Math.round((clock.utc.getTime() - host) / 1000) : undefined,
  });
}
