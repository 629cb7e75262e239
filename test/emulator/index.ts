/** Local RD Station Marketing, Consistem WhatsApp and generic OAuth 2.0 server for tests and the demo. */
export { startEmulator, type RunningEmulator } from './server';
export type { EmulatorControl } from './control';
export type { FaultSpec, FaultType } from './faults';
export { DEMO_CLIENTS, DEFAULT_SETTINGS, type ApiName, type ClientConfig, type EmulatorOptions, type EmulatorSettings } from './options';
export { RD_ERRORS } from './rdstation';
export type { EmulatorStats, RequestRecord } from './state';
