/** Public API of the transport layer. */
export type { Transport } from './types.ts';
export { TransportError, PortListError } from './errors.ts';
export type { TransportErrorKind } from './errors.ts';
export { createMemoryLink, MemoryEnd } from './memory.ts';
export { parsePortUri, createTransport, openTransport, DEFAULT_BAUD_RATE } from './uri.ts';
export type { PortSpec, PortOverrides } from './uri.ts';
export { registerSimDeviceFactory, hasSimDeviceFactory } from './sim.ts';
export type { SimDeviceFactory } from './sim.ts';
export { listSerialPorts, QUECTEL_USB_VENDOR_ID } from './list.ts';
export type { SerialPortInfo, InterfaceHint } from './list.ts';
