/** The typed Quectel command library: one module per command family. */
export type { AtRunner } from './runner.ts';
export { QuectelError, type QuectelErrorKind, type QuectelErrorDetails } from './errors.ts';
export { isPlainError, moduleErrorCode, moduleErrorText } from './module-errors.ts';
export * from './syntax.ts';
export * from './info.ts';
export * from './network.ts';
export * from './sim-card.ts';
export * from './file.ts';
export * from './ssl.ts';
export * from './http.ts';
export * from './mqtt.ts';
export * from './mqtt-codes.ts';
export * from './mqtt-urcs.ts';
export { MODULE_CHOICES, MODULE_CHOICE_DOCS, type ModuleChoices, type QicsgpForm } from './module-choices.ts';
export * from './socket.ts';
export * from './gnss.ts';
