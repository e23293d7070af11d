import { afterEach, describe, expect, it } from 'vitest';
import {
  buildFotaCommand,
  buildMountingCommand,
  createTms2Mcu,
  parseAcceleration,
  parseFotaUrc,
  parseMounting,
  parseVersions,
  type FirmwareProgress,
  type FotaEvent,
} from '../../../../electron/engine/tms2/index.ts';
import { createRig, disposeRigs, framed, sent } from '../../../helpers/at-rig.ts';

afterEach(disposeRigs);

const SHA = 'ab'.repeat(32);
const FOTA = `AT+TMSFOTA=main,"UFS:main.bin",262144,"${SHA}"`;

describe('TMS2 answers (docs/sequence.md#tms2-service-commands)', () => {
  it('versions, acceleration, mounting', () => {
    expect(parseVersions(['+TMSVER: "V1.02","TMS2_S_1.1.0"'])).toEqual({ main: 'V1.02', sub: 'TMS2_S_1.1.0' });
    expect(parseAcceleration(['+TMSGS: -12,61,998'])).toEqual({ ax: -12, ay: 61, az: 998 });
    expect(parseAcceleration(['+TMSGS: 0.5,-1.25,1000'])).toEqual({ ax: 0.5, ay: -1.25, az: 1000 });
    expect(parseMounting(['+TMSGCAL: 3.5,-1.2'])).toEqual({ roll: 3.5, pitch: -1.2 });
  });

  it('malformed answers are McuError unexpected-response', () => {
    expect(() => parseVersions(['+TMSVER: "V1.02"'])).toThrow(expect.objectContaining({ kind: 'unexpected-response' }));
    expect(() => parseAcceleration(['+TMSGS: 1,2'])).toThrow(expect.objectContaining({ kind: 'unexpected-response' }));
    expect(() => parseMounting(['+TMSGCAL: a,b'])).toThrow(expect.objectContaining({ kind: 'unexpected-response' }));
  });

  it.each([
    { line: '+TMSFOTA: main,0', event: { kind: 'progress', target: 'main', percent: 0 } },
    { line: '+TMSFOTA: sub,57', event: { kind: 'progress', target: 'sub', percent: 57 } },
    { line: '+TMSFOTA: main,"DONE"', event: { kind: 'done', target: 'main' } },
    { line: '+TMSFOTA: main,"ERROR","sha256 mismatch"', event: { kind: 'error', target: 'main', reason: 'sha256 mismatch' } },
    { line: '+TMSFOTA: sub,"ERROR",3', event: { kind: 'error', target: 'sub', reason: '3' } },
  ] satisfies Array<{ line: string; event: FotaEvent }>)('$line', ({ line, event }) => {
    expect(parseFotaUrc(line)).toEqual(event);
  });

  it.each(['+TMSFOTA: boot,5', '+TMSFOTA: main,101', '+TMSFOTA: main,"50"', '+TMSFOTA: main'])('rejects %s', (line) => {
    expect(() => parseFotaUrc(line)).toThrow(expect.objectContaining({ kind: 'unexpected-response' }));
  });

  it('command lines: target unquoted, file with UFS:, sha256 lower case', () => {
    expect(buildFotaCommand({ target: 'main', file: 'main.bin', size: 262144, sha256: SHA.toUpperCase() })).toBe(FOTA);
    expect(buildFotaCommand({ target: 'sub', file: 'UFS:s.bin', size: 1, sha256: SHA })).toBe(`AT+TMSFOTA=sub,"UFS:s.bin",1,"${SHA}"`);
    expect(buildMountingCommand({ roll: 3.5, pitch: -1.2 })).toBe('AT+TMSGCAL=3.5,-1.2');
  });

  it.each([
    { request: { target: 'main', file: 'm.bin', size: 1, sha256: 'abc' }, param: 'sha256' },
    { request: { target: 'main', file: 'm.bin', size: 0, sha256: SHA }, param: 'size' },
    { request: { target: 'main', file: 'm"x.bin', size: 1, sha256: SHA }, param: 'file' },
  ] as const)('FOTA rejects a bad $param', ({ request, param }) => {
    expect(() => buildFotaCommand(request)).toThrow(expect.objectContaining({ kind: 'invalid-parameter', param }));
  });

  it.each([
    { angles: { roll: 181, pitch: 0 }, param: 'roll' },
    { angles: { roll: 0, pitch: -91 }, param: 'pitch' },
    { angles: { roll: Number.NaN, pitch: 0 }, param: 'roll' },
  ])('TMSGCAL rejects $param out of range', ({ angles, param }) => {
    expect(() => buildMountingCommand(angles)).toThrow(expect.objectContaining({ kind: 'invalid-parameter', param }));
  });
});

describe('createTms2Mcu over the real AtClient', () => {
  it('reads versions, acceleration and mounting; writes mounting', async () => {
    const rig = await createRig({ echo: true });
    rig.modem.script(
      { expect: 'AT+TMSVER?', reply: framed('+TMSVER: "1.3.0","1.1.0"', 'OK') },
      { expect: 'AT+TMSGCAL=3.5,-1.2', reply: framed('OK') },
      { expect: 'AT+TMSGCAL?', reply: framed('+TMSGCAL: 3.5,-1.2', 'OK') },
      { expect: 'AT+TMSGS?', reply: framed('+TMSGS: 20,-61,998', 'OK') },
    );
    const mcu = createTms2Mcu(rig.at);
    expect(await mcu.readVersions()).toEqual({ main: '1.3.0', sub: '1.1.0' });
    await mcu.writeMounting({ roll: 3.5, pitch: -1.2 });
    expect(await mcu.readMounting()).toEqual({ roll: 3.5, pitch: -1.2 });
    expect(await mcu.readAcceleration()).toEqual({ ax: 20, ay: -61, az: 998 });
    expect(sent(rig)).toBe('AT+TMSVER?\rAT+TMSGCAL=3.5,-1.2\rAT+TMSGCAL?\rAT+TMSGS?\r');
  });

  it('FOTA: progress callbacks for its target, resolves on "DONE"', async () => {
    const rig = await createRig();
    rig.modem.script({
      expect: FOTA,
      reply: [framed('OK'), framed('+TMSFOTA: main,10'), framed('+TMSFOTA: sub,99'), framed('+TMSFOTA: main,100'), framed('+TMSFOTA: main,"DONE"'), framed('RDY')],
    });
    const progress: FirmwareProgress[] = [];
    await createTms2Mcu(rig.at).applyFirmware({ target: 'main', file: 'main.bin', size: 262144, sha256: SHA }, { onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([
      { target: 'main', percent: 10 },
      { target: 'main', percent: 100 },
    ]);
    expect(sent(rig)).toBe(`${FOTA}\r`);
  });

  it('F1 FOTA: "ERROR",<reason> → McuError fota-rejected with the reason; old firmware stays', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: FOTA, reply: [framed('OK'), framed('+TMSFOTA: main,40'), framed('+TMSFOTA: main,"ERROR","sha256 mismatch"')] });
    const error = await createTms2Mcu(rig.at)
      .applyFirmware({ target: 'main', file: 'main.bin', size: 262144, sha256: SHA })
      .then(
      () => new Error('expected a rejection'),
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ name: 'McuError', kind: 'fota-rejected', reason: 'sha256 mismatch' });
    expect(error.message).toContain('old firmware keeps running');
  });

  it('FOTA command refused at once (ERROR) → the engine’s command error', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: FOTA, reply: framed('ERROR') });
    await expect(createTms2Mcu(rig.at).applyFirmware({ target: 'main', file: 'main.bin', size: 262144, sha256: SHA })).rejects.toMatchObject({ name: 'AtCommandError' });
  });
});
