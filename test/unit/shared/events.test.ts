import { describe, expect, expectTypeOf, it } from 'vitest';
import type { TrafficEvent } from '../../../electron/engine/at/types.ts';
import type { EXIT } from '../../../electron/cli/exit-codes.ts';
import { EXIT_CATEGORIES, RunnerEventSchema, TrafficEventSchema, parseRunnerEvent, stampEvent } from '../../../shared/events.ts';
import type { ExitCategory, RunnerEvent, RunnerEventType, TrafficEventShape } from '../../../shared/events.ts';
import { diagnosedRun, passedRun, failedRun, resumedRun } from './sample-events.ts';

const ALL_TYPES = [
  'run-started', 'run-resumed', 'step-started', 'step-progress', 'step-passed', 'step-failed', 'step-skipped', 'at-traffic',
  'device-identified', 'mqtt-state', 'mqtt-message', 'calibration-result', 'fota-offer', 'fota-progress',
  'fota-result', 'warning', 'tls-setup', 'run-finished', 'run-state', 'device-status', 'diagnosis-verdict',
  'measurement',
] as const satisfies readonly RunnerEventType[];

describe('runner events schema', () => {
  it('the sample runs cover every event type', () => {
    expect(new Set([...passedRun(), ...failedRun(), ...resumedRun(), ...diagnosedRun()].map((e) => e.type))).toEqual(new Set(ALL_TYPES));
    expect(RunnerEventSchema.options.map((o) => o.shape.type.value).sort()).toEqual([...ALL_TYPES].sort());
  });

  it('round-trips every event through JSON unchanged', () => {
    for (const event of [...passedRun(), ...failedRun(), ...resumedRun(), ...diagnosedRun()]) {
      expect(parseRunnerEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    }
  });

  it('stamps the host clock on an event body', () => {
    expect(stampEvent({ type: 'step-started', step: 'identify' }, 42)).toEqual({ type: 'step-started', step: 'identify', t: 42 });
  });

  it.each([
    [{ type: 'step-started', step: 'identify' }, 't'],
    [{ type: 'step-started', step: 'warp', t: 1 }, 'step'],
    [{ type: 'step-started', step: 'identify', t: 1, extra: true }, ''],
    [{ type: 'mqtt-state', state: 'dancing', t: 1 }, 'state'],
    [{ type: 'fota-progress', target: 'main', phase: 'download', percent: 140, t: 1 }, 'percent'],
    [{ type: 'step-failed', step: 'identify', durationMs: 1, t: 1, error: { code: 'X', meaning: 'm', hint: 'h', category: 'cosmic' } }, 'error.category'],
    [{ type: 'at-traffic', t: 1, event: { kind: 'line', t: 1, dir: 'tx', text: 'OK', role: 'final' } }, 'event.dir'],
    [{ type: 'device-identified', t: 1, imei: '12', deviceId: 'd', model: 'm', revision: 'r', mainFw: '1', subFw: '1' }, 'imei'],
    [{ type: 'teleport', t: 1 }, 'type'],
    [{ type: 'run-state', t: 1, from: 'idle', to: 'sleeping' }, 'to'],
    [{ type: 'run-state', t: 1, from: 'running', to: 'running', step: 'warp' }, 'step'],
  ])('rejects %j at %j', (input, where) => {
    const result = RunnerEventSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(where);
  });
});

describe('TrafficEvent compatibility with the AT engine (electron/engine/at/types.ts)', () => {
  it('has exactly the engine type', () => {
    expectTypeOf<TrafficEventShape>().toEqualTypeOf<TrafficEvent>();
  });

  it('accepts every kind of engine event at run time', () => {
    const engineEvents: TrafficEvent[] = [
      { kind: 'bytes', t: 1, dir: 'tx', length: 4, text: 'AT\\r' },
      { kind: 'command', t: 2, dir: 'tx', text: 'AT+QMTOPEN=0,"127.0.0.1",8883' },
      { kind: 'line', t: 3, dir: 'rx', text: '+QMTOPEN: 0,0', role: 'urc' },
      { kind: 'prompt', t: 4, dir: 'rx' },
      { kind: 'data', t: 5, dir: 'tx', length: 1704, checksum: '9c2e' },
      { kind: 'data', t: 6, dir: 'rx', length: 2, checksum: '0000', text: '{}' },
    ];
    for (const event of engineEvents) expect(TrafficEventSchema.parse(event)).toEqual(event);
  });
});

describe('exit categories', () => {
  it('are the keys of EXIT in electron/cli/exit-codes.ts', async () => {
    expectTypeOf<ExitCategory>().toEqualTypeOf<keyof typeof EXIT>();
    const { EXIT: exit } = await import('../../../electron/cli/exit-codes.ts');
    expect([...EXIT_CATEGORIES].sort()).toEqual(Object.keys(exit).sort());
  });

  it('RunnerEvent is the parsed type of the schema', () => {
    expectTypeOf<RunnerEvent>().toEqualTypeOf<ReturnType<typeof parseRunnerEvent>>();
  });
});
