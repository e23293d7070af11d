/** Step 2 (data-service) over the scripted modem: AT+QCDS, the registration fallback and its one AT+QIACT. */
import { afterEach, describe, expect, it } from 'vitest';
import { checkService, dataServiceStep } from '../../../../../electron/engine/sequence/steps/data-service.ts';
import { createFakeStepEnv, disposeFakeStepEnvs } from '../../../../helpers/fake-step-env.ts';
import { framed } from '../../../../helpers/at-rig.ts';
import { IDENTITY, stepFailure } from './shared.ts';
import { english } from '../../../../helpers/step-result.ts';

const QCDS_SRV = '+QCDS: "SRV","CAT-M",45012,2500,13BD0B,R13,3,368,2058,-62,-88,-9,3,128,0,0,0';
const QCDS_LIMITED = '+QCDS: "LIMITED","4G",45005,1550,B0D60E,4,0,153,1202,-90,-115,-15';

afterEach(disposeFakeStepEnvs);

const env = () => createFakeStepEnv('data-service', { ctx: { identity: IDENTITY } });

describe('data-service step (fake StepEnv)', () => {
  it('passes on AT+QCDS "SRV" with one command and records the method', async () => {
    const e = await env();
    e.modem.script({ expect: 'AT+QCDS', reply: framed(QCDS_SRV, 'OK') });
    const result = await dataServiceStep.run(e);
    expect(e.modem.lines).toEqual(['AT+QCDS']);
    expect(e.ctx.dataService).toEqual({ method: 'qcds', detail: 'AT+QCDS: SRV (CAT-M)' });
    expect(english(result)).toEqual({ status: 'passed', summary: 'AT+QCDS: SRV (CAT-M)' });
  });

  it('fails with NO_DATA_SERVICE quoting +QCDS when the module is not in service', async () => {
    const e = await env();
    e.modem.script({ expect: 'AT+QCDS', reply: framed(QCDS_LIMITED, 'OK') });
    const error = await stepFailure(dataServiceStep.run(e));
    expect(error.code).toBe('NO_DATA_SERVICE');
    expect(error.details.command).toBe('AT+QCDS');
    expect(error.details.moduleSaid).toMatch(/^\+QCDS: LIMITED,4G,/);
    expect(e.ctx.dataService?.method).toBe('qcds');
  });

  it('without AT+QCDS: registered but no context → one AT+QIACT=1, then passes', async () => {
    const e = await env();
    e.modem.script(
      { expect: 'AT+QCDS', reply: framed('ERROR') },
      { expect: 'AT+CEREG?', reply: framed('+CEREG: 0,1', 'OK') },
      { expect: 'AT+QIACT?', reply: framed('OK') },
      { expect: 'AT+QIACT?', reply: framed('OK') },
      { expect: 'AT+QIACT=1', reply: framed('OK') },
      { expect: 'AT+QIACT?', reply: framed('+QIACT: 1,1,1,"10.7.157.1"', 'OK') },
      { expect: 'AT+QCDS', reply: framed('ERROR') },
      { expect: 'AT+CEREG?', reply: framed('+CEREG: 0,1', 'OK') },
      { expect: 'AT+QIACT?', reply: framed('+QIACT: 1,1,1,"10.7.157.1"', 'OK') },
    );
    const result = await dataServiceStep.run(e);
    expect(e.modem.lines.filter((line) => line === 'AT+QIACT=1')).toHaveLength(1);
    expect(e.modem.unexpected).toEqual([]);
    expect(e.progressed).toContain('activating PDP context 1');
    expect(e.ctx.dataService?.method).toBe('fallback');
    expect(result.status).toBe('passed');
  });

  it('diagnose (activate=false) never sends AT+QIACT=<cid>, and an unregistered module is NOT_REGISTERED', async () => {
    const e = await env();
    e.modem.script(
      { expect: 'AT+QCDS', reply: framed('ERROR') },
      { expect: 'AT+CEREG?', reply: framed('+CEREG: 0,2', 'OK') },
      { expect: 'AT+CREG?', reply: framed('+CREG: 0,0', 'OK') },
      { expect: 'AT+QIACT?', reply: framed('OK') },
    );
    const error = await stepFailure(checkService(e, false));
    expect(error.code).toBe('NOT_REGISTERED');
    expect(error.details.command).toBe('AT+QIACT?');
    expect(e.modem.lines.some((line) => line.startsWith('AT+QIACT='))).toBe(false);
  });
});
