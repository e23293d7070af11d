/**
 * The machine's serial ports with their USB identity. Quectel modems (USB VID 2c7c) expose
 * several interfaces; the USB interface number tells which one speaks AT.
 */
import type { SerialPort } from 'serialport';
import { PortListError } from './errors.ts';

/** What the serialport bindings report for one port. */
export type PortInfo = Awaited<ReturnType<typeof SerialPort.list>>[number];

export const QUECTEL_USB_VENDOR_ID = '2c7c';

export type InterfaceHint = 'diag' | 'nmea' | 'at' | 'modem';

/**
 * USB interface number → role on Quectel LTE modules (EC2x/EG2x/EG9x/BG96: if00 DM, if01 NMEA,
 * if02 AT, if03 PPP modem). Other families may differ: see docs/uncertain-behaviour.md.
 */
export const QUECTEL_INTERFACE_ROLES: Readonly<Record<number, InterfaceHint>> = { 0: 'diag', 1: 'nmea', 2: 'at', 3: 'modem' };

export interface SerialPortInfo {
  path: string;
  manufacturer: string | undefined;
  /** Lower-case hex, e.g. `2c7c`. */
  vendorId: string | undefined;
  productId: string | undefined;
  serialNumber: string | undefined;
  isQuectel: boolean;
  /** Role of this interface on a Quectel modem, when it can be told from the USB interface number. */
  interfaceHint: InterfaceHint | undefined;
}

export type PortLister = () => Promise<PortInfo[]>;

/** The USB interface number from a Linux by-id name (`…-if02-port0`) or a Windows PnP id (`…&MI_02`). */
export function usbInterfaceNumber(info: Pick<PortInfo, 'pnpId'>): number | undefined {
  const match = /-if([0-9a-f]{2})\b/i.exec(info.pnpId ?? '') ?? /&MI_([0-9a-f]{2})/i.exec(info.pnpId ?? '');
  return match?.[1] === undefined ? undefined : parseInt(match[1], 16);
}

export function describePort(info: PortInfo): SerialPortInfo {
  const vendorId = info.vendorId?.toLowerCase();
  const isQuectel = vendorId === QUECTEL_USB_VENDOR_ID;
  const ifNumber = usbInterfaceNumber(info);
  return {
    path: info.path,
    manufacturer: info.manufacturer,
    vendorId,
    productId: info.productId?.toLowerCase(),
    serialNumber: info.serialNumber,
    isQuectel,
    interfaceHint: isQuectel && ifNumber !== undefined ? QUECTEL_INTERFACE_ROLES[ifNumber] : undefined,
  };
}

/** The machine's ports as the serialport bindings list them (the default PortLister). */
export async function serialportList(): Promise<PortInfo[]> {
  const { SerialPort } = await import('serialport');
  return SerialPort.list();
}

/** Lists serial ports; rejects with PortListError when the system listing itself fails. */
export async function listSerialPorts(list: PortLister = serialportList): Promise<SerialPortInfo[]> {
  let ports: PortInfo[];
  try {
    ports = await list();
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const hint = err.code === 'ENOENT' && /udevadm/.test(err.message) ? ' (udevadm is missing: install udev / systemd)' : '';
    throw new PortListError(`cannot list serial ports: ${err.message}${hint}`, { cause: error });
  }
  return ports.map(describePort).sort((a, b) => a.path.localeCompare(b.path, undefined, { numeric: true }));
}
