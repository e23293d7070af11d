import { afterEach, describe, expect, it } from 'vitest';
import {
  activatePdpContext,
  buildQicsgp,
  checkDataService,
  configurePdpContext,
  deactivatePdpContext,
  parsePdpDeactivated,
  parseQcds,
  parseQiact,
  parseQicsgp,
  type PdpContextState,
} from '../../../../electron/engine/quectel/network.ts';
import { MODULE_CHOICES } from '../../../../electron/engine/quectel/module-choices.ts';
import { createRig, disposeRigs, framed, sent } from '../../../helpers/at-rig.ts';

afterEach(disposeRigs);

// Composed from the field values quoted in docs/at-behaviour.md#qcds (BG96/SKT and EC21-KL samples).
const QCDS_SRV = '+QCDS: "SRV","CAT-M",45012,2500,13BD0B,R13,3,368,2058,-62,-88,-9,3,128,0,0,0';
const QCDS_LIMITED = '+QCDS: "LIMITED","4G",45005,1550,B0D60E,4,0,153,1202,-90,-115,-15';

describe('AT+QCDS parser', () => {
  it('reads the SRV sample field by field', () => {
    expect(parseQcds([QCDS_SRV])).toMatchObject({
      status: 'SRV',
      inService: true,
      radio: 'CAT-M',
      plmn: '45012',
      channel: 2500,
      cellId: '13BD0B',
      serviceDomain: 3,
      physicalCellId: 368,
      tac: 2058,
      rssiDbm: -62,
      rsrpDbm: -88,
      rsrqDb: -9,
    });
    expect(parseQcds([QCDS_SRV]).fields).toHaveLength(17);
  });

  it.each([
    { line: QCDS_LIMITED, inService: false },
    { line: '+QCDS: "SRVX","4G",45005', inService: false },
    { line: '+QCDS: "NOSRV","4G",45005', inService: false },
    { line: '+QCDS: "srv","4G",45005', inService: false },
    { line: '+QCDS: "SRV","3G",45005,10713,12D1C00', inService: true },
  ] satisfies Array<{ line: string; inService: boolean }>)('"SRV" is an exact token, not a substring: $line', ({ line, inService }) => {
    expect(parseQcds([line]).inService).toBe(inService);
  });
});

describe('PDP parsers', () => {
  it('AT+QIACT?: one line per active context; bare OK = none', () => {
    expect(parseQiact(['+QIACT: 1,1,1,"10.7.157.1"', '+QIACT: 2,1,1,"10.8.1.2"'])).toEqual([
      { cid: 1, state: 1, contextType: 1, ip: '10.7.157.1' },
      { cid: 2, state: 1, contextType: 1, ip: '10.8.1.2' },
    ] satisfies PdpContextState[]);
    expect(parseQiact([])).toEqual([]);
  });

  it('AT+QICSGP=<cid> answer (cid not echoed) and the documented write form', () => {
    expect(parseQicsgp(['+QICSGP: 1,"UNINET","","",1'])).toEqual({ contextType: 1, apn: 'UNINET', user: '', password: '', auth: 1 });
    expect(buildQicsgp(1, { contextType: 3, apn: '', user: '', password: '', auth: 0 })).toBe('AT+QICSGP=1,3,"","","",0');
  });

  it('+QIURC: "pdpdeact",<cid>', () => {
    expect(parsePdpDeactivated('+QIURC: "pdpdeact",1')).toBe(1);
    expect(parsePdpDeactivated('+QIURC: "closed",0')).toBeUndefined();
  });
});

describe('checkDataService (connect-sequence step 2)', () => {
  it('QCDS SRV → method qcds, in service, nothing else sent', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+QCDS', reply: framed(QCDS_SRV, 'OK') });
    await expect(checkDataService(rig.at, 1)).resolves.toMatchObject({ method: 'qcds', inService: true });
    expect(sent(rig)).toBe('AT+QCDS\r');
  });

  it('QCDS LIMITED → method qcds, not in service (no fallback)', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+QCDS', reply: framed(QCDS_LIMITED, 'OK') });
    await expect(checkDataService(rig.at, 1)).resolves.toMatchObject({ method: 'qcds', inService: false, details: { status: 'LIMITED' } });
  });

  it.each([{ final: 'ERROR' }, { final: '+CME ERROR: 3' }, { final: '+CME ERROR: operation not supported' }])(
    'global firmware ($final) → fallback: CEREG registered + active context',
    async ({ final }) => {
      const rig = await createRig();
      rig.modem.script(
        { expect: 'AT+QCDS', reply: framed(final) },
        { expect: 'AT+CEREG?', reply: framed('+CEREG: 0,1', 'OK') },
        { expect: 'AT+QIACT?', reply: framed('+QIACT: 1,1,1,"10.7.157.1"', 'OK') },
      );
      const check = await checkDataService(rig.at, 1);
      expect(check).toMatchObject({ method: 'fallback', inService: true, details: { registration: { stat: 1 }, context: { cid: 1 } } });
      expect(sent(rig)).toBe('AT+QCDS\rAT+CEREG?\rAT+QIACT?\r');
    },
  );

  it('fallback: not on LTE, roaming on CREG, but no active context → not in service', async () => {
    const rig = await createRig();
    rig.modem.script(
      { expect: 'AT+QCDS', reply: framed('ERROR') },
      { expect: 'AT+CEREG?', reply: framed('+CEREG: 0,2', 'OK') },
      { expect: 'AT+CREG?', reply: framed('+CREG: 0,5', 'OK') },
      { expect: 'AT+QIACT?', reply: framed('+QIACT: 2,1,1,"10.0.0.2"', 'OK') },
    );
    await expect(checkDataService(rig.at, 1)).resolves.toMatchObject({ method: 'fallback', inService: false, details: { registration: { stat: 5 }, context: undefined } });
  });

  it('other QCDS errors are not swallowed by the fallback', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+QCDS', reply: framed('+CME ERROR: 30') });
    await expect(checkDataService(rig.at, 1)).rejects.toMatchObject({ name: 'AtCommandError', code: 30 });
  });
});

describe('PDP commands', () => {
  it(`QICSGP form is the one MODULE_CHOICES.qicsgpForm chooses (${MODULE_CHOICES.qicsgpForm}); an empty APN keeps the module's APN`, async () => {
    const rig = await createRig();
    rig.modem.script(
      { expect: 'AT+QICSGP=1', reply: framed('+QICSGP: 1,"internet.m2m","","",0', 'OK') },
      { expect: 'AT+QICSGP=1,3,"internet.m2m","","",0', reply: framed('OK') },
      { expect: 'AT+QICSGP=2,3,"lte.apn","","",0', reply: framed('OK') },
    );
    await expect(configurePdpContext(rig.at, { cid: 1, contextType: 3 })).resolves.toMatchObject({ apn: 'internet.m2m', contextType: 3 });
    await configurePdpContext(rig.at, { cid: 2, contextType: 3, apn: 'lte.apn' });
    expect(sent(rig)).toBe('AT+QICSGP=1\rAT+QICSGP=1,3,"internet.m2m","","",0\rAT+QICSGP=2,3,"lte.apn","","",0\r');
  });

  it('cid outside 1–16 is rejected before anything is sent', async () => {
    const rig = await createRig();
    await expect(configurePdpContext(rig.at, { cid: 17, contextType: 3, apn: 'x' })).rejects.toMatchObject({ kind: 'invalid-parameter', param: 'cid' });
    expect(sent(rig)).toBe('');
  });

  it('QIACT: activates only when not active already (active → ERROR on the module)', async () => {
    const rig = await createRig();
    rig.modem.script(
      { expect: 'AT+QIACT?', reply: framed('OK') },
      { expect: 'AT+QIACT=1', reply: framed('OK') },
      { expect: 'AT+QIACT?', reply: framed('+QIACT: 1,1,1,"10.7.157.1"', 'OK') },
      { expect: 'AT+QIACT?', reply: framed('+QIACT: 1,1,1,"10.7.157.1"', 'OK') },
      { expect: 'AT+QIDEACT=1', reply: framed('OK') },
    );
    await expect(activatePdpContext(rig.at, 1)).resolves.toMatchObject({ cid: 1, ip: '10.7.157.1' });
    await expect(activatePdpContext(rig.at, 1)).resolves.toMatchObject({ cid: 1 });
    await deactivatePdpContext(rig.at, 1);
    expect(sent(rig)).toBe('AT+QIACT?\rAT+QIACT=1\rAT+QIACT?\rAT+QIACT?\rAT+QIDEACT=1\r');
  });
});
