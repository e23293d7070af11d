/**
 * The module's GNSS engine (docs/at-behaviour.md#gnss): off at power-on; AT+QGPS=1 starts a
 * session that has no fix for the first seconds (time to first fix), then reports one fixed
 * position. State lives for one power cycle.
 */
import type { PowerCycle } from './power-cycle.ts';

/** GNSS `+CME ERROR` codes (docs/at-behaviour.md#gnss-error-codes). */
export const GNSS_ERR = { sessionOngoing: 504, sessionNotActive: 505, notFixed: 516 } as const;

/** Where the virtual unit stands: Seoul City Hall, 38.0 m above sea level, 9 satellites, HDOP 0.8. */
export const FIXED_POSITION = { lat: 37.56654, lon: 126.97796, altitude: 38.0, hdop: 0.8, satellites: 9 } as const;

export interface Fix {
  lat: number;
  lon: number;
  altitude: number;
  hdop: number;
  satellites: number;
  at: Date;
}

export class GnssEngine {
  private startedAt: number | undefined;

  constructor(private readonly ttffMs: number) {}

  get on(): boolean {
    return this.startedAt !== undefined;
  }

  /** False when a session is already running (504). */
  start(now = Date.now()): boolean {
    if (this.on) return false;
    this.startedAt = now;
    return true;
  }

  /** False when no session runs (505). */
  stop(): boolean {
    if (!this.on) return false;
    this.startedAt = undefined;
    return true;
  }

  /** The current fix, or undefined during the time to first fix. */
  fix(now = Date.now()): Fix | undefined {
    if (this.startedAt === undefined || now - this.startedAt < this.ttffMs) return undefined;
    return { ...FIXED_POSITION, at: new Date(now) };
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `ddmm.mmmm` (digits of minutes as given) with the degree width of the axis. */
function degreesMinutes(value: number, degreeWidth: number, minuteDigits: number): string {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutes = (abs - degrees) * 60;
  const text = minutes.toFixed(minuteDigits);
  const [whole = '0', fraction = ''] = text.split('.');
  return `${pad(degrees, degreeWidth)}${whole.padStart(2, '0')}.${fraction}`;
}

/** The fields of `+QGPSLOC:` for <mode> 0, 1 or 2 (docs/at-behaviour.md#qgpsloc). */
export function formatQgpsloc(fix: Fix, mode: 0 | 1 | 2): string {
  const t = fix.at;
  const utc = `${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}.${pad(t.getUTCMilliseconds(), 3)}`;
  const date = `${pad(t.getUTCDate())}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCFullYear() % 100)}`;
  const ns = fix.lat < 0 ? 'S' : 'N';
  const ew = fix.lon < 0 ? 'W' : 'E';
  let position: string;
  if (mode === 0) position = `${degreesMinutes(fix.lat, 2, 4)}${ns},${degreesMinutes(fix.lon, 3, 4)}${ew}`;
  else if (mode === 1) position = `${degreesMinutes(fix.lat, 2, 6)},${ns},${degreesMinutes(fix.lon, 3, 6)},${ew}`;
  else position = `${fix.lat.toFixed(5)},${fix.lon.toFixed(5)}`;
  return `${utc},${position},${fix.hdop.toFixed(1)},${fix.altitude.toFixed(1)},3,0.00,0.0,0.0,${date},${pad(fix.satellites)}`;
}

const engines = new WeakMap<PowerCycle, GnssEngine>();

/** The GNSS engine of this power cycle (created on first use). */
export function gnssOf(cycle: PowerCycle, ttffMs: number): GnssEngine {
  let engine = engines.get(cycle);
  if (!engine) {
    engine = new GnssEngine(ttffMs);
    engines.set(cycle, engine);
  }
  return engine;
}
